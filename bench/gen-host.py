#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# gen-host.py ROOT NFUNCS [PCI_IDS]: a host of NFUNCS PCI functions for bench/hostscale.sh
#
# The same tree as tests/fixtures/lib-sysfs.sh writes (pci_dev, _join_group,
# _bind: relative symlinks, 64 bytes of config space, modalias, uevent),
# written directly: lib-sysfs.sh forks a few dozen times per function and
# needs many minutes for 16,384 of them, this takes seconds.
#
# Each slot is a root port (pcieport) with a 3-function card behind it, all
# four in one IOMMU group: 4 functions a slot, so NFUNCS is rounded down to
# a multiple of 4. Cards alternate: a GPU (nouveau, HDMI audio, USB) and a
# NIC (3 ports: ixgbe, ixgbe, vfio-pci), so the listings show several
# drivers, a viable group now and then, and names from pci.ids. 200 slots a
# PCI domain (buses 01-c8). PCI_IDS (default: the system's) is copied into
# the tree, so every tool names devices from the same full list.
import os
import shutil
import sys


def rel(frm, to):
    """the relative path from directory frm to to, both sysroot-relative"""
    f, t = frm.split('/'), to.split('/')
    i = 0
    while i < len(f) and i < len(t) - 1 and f[i] == t[i]:
        i += 1
    return '/'.join(['..'] * (len(f) - i) + t[i:])


class Tree:
    def __init__(self, root):
        self.root = root
        self.groups = set()
        self.drivers = set()

    def attr(self, path, value):
        with open(os.path.join(self.root, path), 'w') as f:
            f.write(value + '\n')

    def link(self, link, target):
        d = os.path.dirname(link)
        os.makedirs(os.path.join(self.root, d), exist_ok=True)
        os.symlink(rel(d, target), os.path.join(self.root, link))

    def group(self, n):
        g = 'sys/kernel/iommu_groups/%d' % n
        if n not in self.groups:
            self.groups.add(n)
            os.makedirs(os.path.join(self.root, g, 'devices'))
            self.attr(g + '/type', 'DMA')
            self.attr(g + '/reserved_regions', '0x00000000fee00000 0x00000000feefffff msi')
        return g

    def bind(self, path, name, drv):
        d = 'sys/bus/pci/drivers/' + drv
        if drv not in self.drivers:
            self.drivers.add(drv)
            os.makedirs(os.path.join(self.root, d))
            for f in ('bind', 'unbind', 'uevent', 'new_id', 'remove_id'):
                open(os.path.join(self.root, d, f), 'w').close()
        self.link(path + '/driver', d)
        self.link(d + '/' + name, path)

    def dev(self, bdf, ppath, cls, ven, dev, drv, grp, header=0, mf=False,
            secbus=0, svendor=0, sdevice=0, rev=0xa1, reset=None):
        path = ppath + '/' + bdf
        full = os.path.join(self.root, path)
        os.makedirs(full + '/power')
        base, sub, pi = cls >> 16, (cls >> 8) & 0xff, cls & 0xff
        enable = 1 if drv else 0
        a = self.attr
        a(path + '/class', '0x%06x' % cls)
        a(path + '/vendor', '0x%04x' % ven)
        a(path + '/device', '0x%04x' % dev)
        a(path + '/subsystem_vendor', '0x%04x' % svendor)
        a(path + '/subsystem_device', '0x%04x' % sdevice)
        a(path + '/revision', '0x%02x' % rev)
        a(path + '/numa_node', '-1')
        a(path + '/driver_override', '(null)')
        a(path + '/enable', str(enable))
        a(path + '/irq', '0')
        a(path + '/local_cpulist', '0-7')
        a(path + '/power/control', 'auto')
        a(path + '/d3cold_allowed', '1')
        a(path + '/resource', '0x0000000000000000 0x0000000000000000 0x0000000000000000')
        for f in ('remove', 'rescan'):
            open(os.path.join(full, f), 'w').close()
        modalias = 'pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X' % (
            ven, dev, svendor, sdevice, base, sub, pi)
        a(path + '/modalias', modalias)
        ue = ('DRIVER=%s\n' % drv if drv else '') + \
            'PCI_CLASS=%X\nPCI_ID=%04X:%04X\nPCI_SUBSYS_ID=%04X:%04X\nPCI_SLOT_NAME=%s\nMODALIAS=%s' % (
                cls, ven, dev, svendor, sdevice, bdf, modalias)
        a(path + '/uevent', ue)
        if reset:
            a(path + '/reset_method', reset)
            open(os.path.join(full, 'reset'), 'w').close()
        if cls >> 8 == 0x0300:
            a(path + '/boot_vga', '0')
        ht = header | (0x80 if mf else 0)
        cfg = bytearray(64)
        cfg[0:4] = bytes([ven & 255, ven >> 8, dev & 255, dev >> 8])
        cfg[4] = 6 if enable else 0
        cfg[6] = 16
        cfg[8:12] = bytes([rev, pi, sub, base])
        cfg[14] = ht
        if header == 1:
            bus = int(bdf.split(':')[1], 16)
            cfg[24:28] = bytes([bus, secbus, secbus, 0])
            cfg[28] = 241
        else:
            cfg[44:48] = bytes([svendor & 255, svendor >> 8, sdevice & 255, sdevice >> 8])
        cfg[52] = 64
        cfg[60:62] = bytes([255, 1])
        with open(full + '/config', 'wb') as f:
            f.write(cfg)
        if header == 1 and secbus:
            os.makedirs(full + '/pci_bus/%s:%02x' % (bdf[:4], secbus))
        self.link(path + '/subsystem', 'sys/bus/pci')
        self.link('sys/bus/pci/devices/' + bdf, path)
        if drv:
            self.bind(path, bdf, drv)
        g = self.group(grp)
        self.link(path + '/iommu_group', g)
        self.link(g + '/devices/' + bdf, path)
        return path


GPU = ((0x030000, 0x10de, 0x1b80, 'nouveau'), (0x040300, 0x10de, 0x10f0, 'snd_hda_intel'),
       (0x0c0330, 0x10de, 0x1ad6, 'xhci_hcd'))
NIC = ((0x020000, 0x8086, 0x10fb, 'ixgbe'), (0x020000, 0x8086, 0x10fb, 'ixgbe'),
       (0x020000, 0x8086, 0x10fb, 'vfio-pci'))


def main():
    if len(sys.argv) < 3:
        sys.exit('usage: gen-host.py ROOT NFUNCS [PCI_IDS]')
    root, nfuncs = sys.argv[1], int(sys.argv[2])
    ids = sys.argv[3] if len(sys.argv) > 3 else '/usr/share/misc/pci.ids'
    shutil.rmtree(root, ignore_errors=True)
    for d in ('sys/bus/pci/devices', 'sys/bus/pci/drivers', 'sys/bus/pci/slots', 'sys/devices',
              'sys/kernel/iommu_groups', 'sys/class/iommu', 'sys/module', 'proc/sys/kernel',
              'dev', 'usr/share/misc', 'sys/devices/virtual/iommu/dmar0/devices'):
        os.makedirs(os.path.join(root, d))
    t = Tree(root)
    t.attr('proc/sys/kernel/osrelease', '6.1.0-18-amd64')
    t.attr('proc/cmdline', 'ro quiet intel_iommu=on iommu=pt')
    t.link('sys/class/iommu/dmar0', 'sys/devices/virtual/iommu/dmar0')
    shutil.copyfile(ids, os.path.join(root, 'usr/share/misc/pci.ids'))
    for i in range(nfuncs // 4):
        dom = '%04x' % (i // 200)
        bus = i % 200 + 1
        rp = '%s:00:%02x.%d' % (dom, (i % 200) // 8, (i % 200) % 8)
        rppath = t.dev(rp, 'sys/devices/pci%s:00' % dom, 0x060400, 0x8086, 0x1901,
                       'pcieport', i, header=1, secbus=bus)
        card = GPU if i % 2 == 0 else NIC
        for fn, (cls, ven, dev, drv) in enumerate(card):
            t.dev('%s:%02x:00.%d' % (dom, bus, fn), rppath, cls, ven, dev, drv, i, mf=True,
                  svendor=ven, sdevice=0x1234, reset='flr bus')
    n = len(os.listdir(os.path.join(root, 'sys/bus/pci/devices')))
    print('%s: %d PCI functions, %d IOMMU groups' % (root, n, len(t.groups)))


main()
