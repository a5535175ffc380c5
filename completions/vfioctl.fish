# SPDX-License-Identifier: GPL-2.0-or-later
# fish completion for vfioctl: every candidate comes from 'vfioctl __complete'

function __vfioctl_complete
    # the words before the cursor, unescaped (-x since fish 3.7, -o before)
    set -l tokens (commandline -xpc 2>/dev/null; or commandline -opc)
    set -l cur (commandline -ct)
    set -l cmd $tokens[1]
    set -e tokens[1]
    # the program as typed, so that ./src/vfioctl completes from itself
    if not test -x "$cmd"; and not type -q "$cmd"
        set cmd vfioctl
    end

    set -l opt ''
    set -l pre ''
    if string match -qr -- '^--[^=]+=' "$cur"
        # --opt=VALUE: complete VALUE as if it were a word of its own
        set opt (string replace -r -- '=.*' '' "$cur")
        set pre "$opt="
        set cur (string replace -r -- '^[^=]*=' '' "$cur")
        set -a tokens $opt
    else if set -q tokens[1]
        set opt $tokens[-1]
    end

    # '--' keeps the program's option parser off the words
    set -l cands ($cmd __complete -- $tokens "$cur" 2>/dev/null)
    if test (count $cands) -eq 0; and test "$opt" = --sysroot
        set cands (__fish_complete_directories "$cur")
    end
    for c in $cands
        printf '%s\n' "$pre$c"
    end
end

complete -c vfioctl -f -a '(__vfioctl_complete)'
