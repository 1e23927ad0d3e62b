# t020: a plain kexec -l + kexec -e of the same bzImage boots a second
# kernel. Stage 1 loads it inside the low 16 MiB (--mem-max, no --initrd:
# its userspace is built in) and jumps; stage 2 reports.
case "$(cmdline_arg stage)" in
2)
	pass second_kernel "$(uname -r)"
	info memtotal_kb "$(sed -n 's/^MemTotal: *\([0-9]*\).*/\1/p' /proc/meminfo)"
	;;
*)
	if kexec -l /boot/bzImage --mem-max=0xffffff \
		--command-line="console=ttyS0 panic=-1 t=t020-kexec stage=2 mem=16M" 2>/tmp/kexec.err; then
		pass kexec_load
	else
		fail kexec_load "$(tail -n 2 /tmp/kexec.err | tr '\n' ' ')"
		return
	fi
	echo "@@ INFO kexec -e"
	kexec -e
	fail kexec_exec "kexec -e returned"
	;;
esac
