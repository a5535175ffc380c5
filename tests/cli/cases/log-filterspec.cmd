logs
log --utc -o brief -t 'am_proc_start:I *:S' events main
