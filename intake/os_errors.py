"""Operating-system errors in Chinese: ``OSError.strerror`` is English on most machines, and a
clerk reads every message this program shows."""

from __future__ import annotations

import errno

_TEXTS: dict[int, str] = {
    errno.ENOENT: "找不到文件或文件夹",
    errno.EISDIR: "是文件夹不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有访问权限",
    errno.EROFS: "磁盘是只读的（U 盘可能处于写保护状态）",
    errno.ENOSPC: "磁盘空间不足",
    errno.EEXIST: "已有同名文件",
    errno.ENAMETOOLONG: "路径太长",
    errno.ELOOP: "符号链接循环",
    errno.EIO: "读写时发生输入输出错误（磁盘或 U 盘可能有问题）",
    errno.ENXIO: "设备不存在",
    errno.ENODEV: "设备不存在",
    errno.EBUSY: "文件或设备正被占用",
    errno.EMFILE: "打开的文件过多",
}


def describe(e: OSError) -> str:
    """What went wrong, in Chinese; the error number when it is not one of the usual ones."""
    known = _TEXTS.get(e.errno or -1)
    if known:
        return known
    return f"系统错误（错误码 {e.errno}）" if e.errno else f"系统错误（{type(e).__name__}）"
