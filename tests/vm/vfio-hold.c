// SPDX-License-Identifier: GPL-2.0-or-later
/* vfio-hold.c: guest test aid: hold a VFIO device fd open, as a VM does, until killed */
/*
 * Usage: vfio-hold GROUP BDF. Opens /dev/vfio/vfio and /dev/vfio/GROUP,
 * sets up a type1 container, takes the device fd of BDF, then closes the
 * group fd (the device keeps the group) and waits. While it waits,
 * vfio-pci's remove of the device blocks, so an unbind hangs in the
 * kernel until this process exits: the real stuck unbind the claim
 * scenario needs. Prints "held" when ready.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/vfio.h>

int main(int argc, char **argv)
{
	char path[64];
	int container, group, dev;

	if (argc != 3) {
		fprintf(stderr, "usage: vfio-hold GROUP BDF\n");
		return 2;
	}
	container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	snprintf(path, sizeof(path), "/dev/vfio/%s", argv[1]);
	group = open(path, O_RDWR | O_CLOEXEC);
	if (container < 0 || group < 0) {
		perror("vfio-hold: open");
		return 1;
	}
	if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &container) < 0 ||
	    ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU) < 0) {
		perror("vfio-hold: container");
		return 1;
	}
	dev = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, argv[2]);
	if (dev < 0) {
		perror("vfio-hold: device");
		return 1;
	}
	close(group);
	printf("held\n");
	fflush(stdout);
	for (;;)
		pause();
}
