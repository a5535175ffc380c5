/* SPDX-License-Identifier: GPL-2.0-or-later */
/* exitcodes.h: vfioctl's documented exit statuses (see vfioctl(8), EXIT STATUS) */
#ifndef VFIO_EXITCODES_H
#define VFIO_EXITCODES_H

#define VFIO_EXIT_OK		0	/* success, including "already so" */
#define VFIO_EXIT_FAILURE	1	/* the operation failed */
#define VFIO_EXIT_USAGE		2	/* bad command line or input */
#define VFIO_EXIT_REFUSED	3	/* refused by a safety check */

#endif
