// Symbol visibility for the public C++ API. The shared library is built with
// hidden visibility (ELF) or exports nothing by default (Windows DLLs), so only
// what is marked here is exported. A static library needs no marks: its users
// define PUBPLAN_STATIC (the CMake target pubplan::pubplan does it for them).
#pragma once
#if defined(PUBPLAN_STATIC)
#define PUBPLAN_API
#elif defined(_WIN32) || defined(__CYGWIN__)
#if defined(PUBPLAN_BUILDING)
#define PUBPLAN_API __declspec(dllexport)
#else
#define PUBPLAN_API __declspec(dllimport)
#endif
#elif defined(PUBPLAN_BUILDING)
#define PUBPLAN_API __attribute__((visibility("default")))
#else
#define PUBPLAN_API
#endif
