# SPDX-License-Identifier: GPL-2.0-or-later
# roff2lines.awk: a man(7) page as plain lines, with "@SH", "@SS" and "@TAG" markers, for the doc tests
#
# Font macros become their text (the alternating ones join their arguments),
# the tag line after .TP is prefixed with "@TAG ", other macros are dropped,
# and escapes such as \fB, \- and \(aq become plain characters.

# the arguments of a macro line, double-quoted ones kept whole, in args[]
function split_args(s, args,    n, q) {
	n = 0
	sub(/^[.'][A-Za-z]+[ \t]*/, "", s)
	while (s != "") {
		if (substr(s, 1, 1) == "\"") {
			q = index(substr(s, 2), "\"")
			if (q == 0)
				q = length(s)
			args[++n] = substr(s, 2, q - 1)
			s = substr(s, q + 2)
		} else {
			match(s, /^[^ \t]+/)
			args[++n] = substr(s, 1, RLENGTH)
			s = substr(s, RLENGTH + 1)
		}
		sub(/^[ \t]+/, "", s)
	}
	return n
}

function plain(s) {
	gsub(/\\f(\[[^]]*\]|\([A-Za-z][A-Za-z]|[A-Za-z0-9])/, "", s)
	gsub(/\\-/, "-", s)
	gsub(/\\\(aq/, "'", s)
	gsub(/\\\((dq|lq|rq)/, "\"", s)
	gsub(/\\\(em/, "--", s)
	gsub(/\\[%&]/, "", s)
	gsub(/\\ /, " ", s)
	gsub(/\\e/, "\\", s)
	gsub(/[ \t]+/, " ", s)
	sub(/^ /, "", s)
	sub(/ $/, "", s)
	return s
}

function out(s) {
	s = plain(s)
	if (tag) {
		s = "@TAG " s
		tag = 0
	}
	print s
}

/^[.']\\"/ { next }

/^[.'][A-Za-z]/ {
	m = $0
	sub(/^[.']/, "", m)
	sub(/[ \t].*/, "", m)
	n = split_args($0, a)
	text = ""
	if (m == "SH" || m == "SS") {
		for (i = 1; i <= n; i++)
			text = text (i > 1 ? " " : "") a[i]
		print "@" m " " plain(text)
		tag = 0
	} else if (m == "B" || m == "I" || m == "SM" || m == "SB") {
		for (i = 1; i <= n; i++)
			text = text (i > 1 ? " " : "") a[i]
		if (n)
			out(text)
	} else if (m ~ /^(BR|BI|IB|IR|RB|RI)$/) {
		for (i = 1; i <= n; i++)
			text = text a[i]
		out(text)
	} else if (m == "TP") {
		tag = 1
	} else {
		print ""
	}
	next
}

{ out($0) }
