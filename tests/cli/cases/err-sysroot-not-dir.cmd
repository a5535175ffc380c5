desktop
--sysroot @FIXTURE@/proc/cmdline status
