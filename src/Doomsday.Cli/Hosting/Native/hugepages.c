/*
 * Linked into the NativeAOT doomsday only (NativeStartup.targets). Runs before the .NET runtime starts.
 *
 * NativeAOT stores the executable's type data "dehydrated" (compressed) in the file and expands it at every start
 * into a zero-filled section of the executable (.hydrated, ~24 MB for doomsday) before Main runs. Faulting that
 * region in 4 KiB at a time was most of the cost of `doomsday --version` (perf: ~6,700 page faults, half the CPU
 * in the page-fault path; docs/benchmarks.md). Here the zero-filled part of the executable's writable segment
 * (.bss and .hydrated) is marked for transparent huge pages and populated in one call, before the runtime writes it.
 *
 * Both calls are advice: on a kernel without transparent huge pages (or with them set to "never") or before
 * Linux 5.14 (MADV_POPULATE_WRITE), madvise fails with EINVAL and start-up proceeds as without this file.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <sys/mman.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14, include/uapi/asm-generic/mman-common.h */
#endif

static int doomsday_advise_zero_fill(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    /* The first object dl_iterate_phdr reports is the executable itself. */
    for (int i = 0; i < info->dlpi_phnum; i++)
    {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_LOAD || segment->p_memsz <= segment->p_filesz) continue;
        uintptr_t start = info->dlpi_addr + segment->p_vaddr + segment->p_filesz;
        uintptr_t end = info->dlpi_addr + segment->p_vaddr + segment->p_memsz;
        /* The page holding the end of the file's data is file-backed: start at the next page. */
        start = (start + 4095) & ~(uintptr_t)4095;
        end = (end + 4095) & ~(uintptr_t)4095;
        if (end <= start) continue;
        (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
        (void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
    }
    return 1; /* the executable only */
}

__attribute__((constructor)) static void doomsday_prepare_hydrated_data(void)
{
    dl_iterate_phdr(doomsday_advise_zero_fill, 0);
}
