desktop
__complete -- --sysroot @FIXTURE@ device list -s 0000:01
