/* The allocator settings of the pubplan command and pubplan-bench, read by jemalloc
   when they are linked with it (PUBPLAN_ALLOCATOR in CMakeLists.txt).

   Transparent huge pages: a topology of 100,000 packages fills a few hundred MB in
   4 KiB pages, and on a virtual machine each first touch of a page can cost
   microseconds and each TLB miss a page walk. On huge pages `validate` took about
   half the time and `solve` about a sixth less (benchmarks/README.md). MALLOC_CONF
   in the environment still overrides this (MALLOC_CONF=thp:default). */
const char *malloc_conf = "thp:always,metadata_thp:auto";
