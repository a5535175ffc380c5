// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz-io.c: libFuzzer target for the cgroup io file parsers (io.stat, io.max, weights, PSI, iocost, v1) */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/iofmt.h"

/*
 * The io files of a captured or hostile sysroot are untrusted text: every
 * parser gets each input, and io.max must format and parse back to itself.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct io_weights w;
	struct io_pressure p;
	struct io_sched sc;
	struct io_stat *st = NULL;
	struct io_max *m = NULL, *m2 = NULL;
	struct io_cost *c = NULL;
	uint64_t *vals = NULL;
	size_t n = 0, n2 = 0;
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (io_stat_parse(s, &st, &n) == 0)
		free(st);
	if (io_v1_serviced_parse(s, true, &st, &n) == 0)
		free(st);
	if (io_weights_parse(s, &w) == 0)
		io_weights_free(&w);
	if (io_v1_device_parse(s, &w, &vals) == 0) {
		free(vals);
		io_weights_free(&w);
	}
	io_pressure_parse(s, &p);
	io_sched_parse(s, &sc);
	if (io_cost_parse(s, &c, &n) == 0)
		free(c);
	if (io_max_parse(s, &m, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			char line[256];

			if (io_max_format(&m[i], true, line, sizeof(line)) != 0)
				abort();
			if (io_max_parse(line, &m2, &n2) != 0 || n2 != 1 ||
			    memcmp(m2[0].v, m[i].v, sizeof(m[i].v)) != 0)
				abort();
			free(m2);
		}
		free(m);
	}
	{
		struct io_max arg = { 0 };

		io_max_arg(&arg, s);
	}
	free(s);
	return 0;
}
