logs
log -J -n 2 --file @FIXTURE@/files/lkml-printk-execution-ctx.kmsg
