# t040: the whole path. Stage 1 (first kernel): load a capture kernel in the
# window, arm, fill pattern pages (kernel: ZONE_DMA inside the window,
# lowmem and highmem above it; a user process's pages found through
# /proc/self/pagemap), keep the page list on the test disk, panic.
# Stage 2 (capture kernel): verify the pages through /dev/oldmem, check
# /proc/vmcore's I/O semantics, save it to the disk for the host.
t=$(cmdline_arg t)
case "$(cmdline_arg stage)" in
2)
	capture_checks
	backup=$(cmdline_arg dump_backup || echo 16M@128M)
	backup=${backup#*@}
	case "$backup" in
	*[Mm]) backup=$(( ${backup%?} << 20 )) ;;
	*[Gg]) backup=$(( ${backup%?} << 30 )) ;;
	esac
	dumptest oldmem-edges "$backup"
	save_dump /proc/vmcore && pass saved
	;;
*)
	load_capture "t=$t stage=2 $(cmdline_arg capture_args | tr , ' ')" || return
	arm
	fill_pattern_pages "8 5" "dma normal high user"
	panic_now
	;;
esac
