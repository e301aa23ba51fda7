// Symbol visibility for the public C++ API: the library is built with hidden
// visibility, so only what is marked here is exported.
#pragma once
#if defined(PUBPLAN_BUILDING)
#define PUBPLAN_API __attribute__((visibility("default")))
#else
#define PUBPLAN_API
#endif
