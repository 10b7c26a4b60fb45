"""Files on network shares and removable drives are opened without WAL; both platforms'
detection is tested here from the mount table or drive type it reads."""

import os
import sqlite3

import pytest

from thidua_desktop.store import location, open_database
from thidua_desktop.store.db import journal_mode
from thidua_desktop.store.location import (
    DRIVE_CDROM,
    DRIVE_FIXED,
    DRIVE_REMOTE,
    DRIVE_REMOVABLE,
    LOCAL,
    NETWORK,
    REMOVABLE,
    classify_posix,
    classify_windows,
)

MOUNTS = r"""sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
/dev/nvme0n1p1 /boot/efi vfat rw,relatime,fmask=0077 0 0
tmpfs /tmp tmpfs rw,nosuid,nodev 0 0
//nas.sotp.local/thidua /mnt/phong\040thi\040dua cifs rw,relatime,vers=3.1.1 0 0
nas:/export/data /srv/data nfs4 rw,relatime,vers=4.2 0 0
cb@laptop:/home/cb /home/cb/xa sshfs rw 0 0
cb@laptop:/home/cb /home/cb/remote fuse.sshfs rw,nosuid,nodev 0 0
/dev/sdb1 /media/cb/USB-TDKT vfat rw,nosuid,nodev,uid=1000 0 0
/dev/sdc1 /run/media/cb/Backup ext4 rw,nosuid,nodev 0 0
/dev/sdd1 /mnt/the-nho exfat rw,relatime 0 0
/dev/sda3 /home ext4 rw,relatime 0 0
gvfsd-fuse /run/user/1000/gvfs fuse.gvfsd-fuse rw,nosuid,nodev 0 0
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/home/cb/thidua.sqlite", LOCAL),
        ("/tmp/x/thidua.sqlite", LOCAL),
        ("/mnt/phong thi dua/khoi3/thidua.sqlite", NETWORK),  # space written as \040
        ("/srv/data/thidua.sqlite", NETWORK),
        ("/home/cb/remote/thidua.sqlite", NETWORK),
        ("/run/user/1000/gvfs/smb-share:server=nas,share=tdkt/thidua.sqlite", NETWORK),
        ("/media/cb/USB-TDKT/thidua.sqlite", REMOVABLE),
        ("/run/media/cb/Backup/thidua.sqlite", REMOVABLE),  # ext4, but plugged in by the user
        ("/mnt/the-nho/thidua.sqlite", REMOVABLE),
        ("/boot/efi/thidua.sqlite", REMOVABLE),  # vfat: the file system decides
        ("/srv/database.sqlite", LOCAL),  # /srv is not /srv/data
        ("/media-archive/thidua.sqlite", LOCAL),  # a name that only starts like /media
    ],
)
def test_linux_mount_table(path, kind):
    assert classify_posix(path, MOUNTS).kind == kind


def test_linux_deepest_mount_wins_and_detail_names_the_share():
    mounts = MOUNTS + "/dev/sde1 /mnt/phong\\040thi\\040dua/cuc-bo ext4 rw 0 0\n"
    assert classify_posix("/mnt/phong thi dua/cuc-bo/a.sqlite", mounts).kind == LOCAL
    place = classify_posix("/mnt/phong thi dua/a.sqlite", mounts)
    assert place.kind == NETWORK and "//nas.sotp.local/thidua" in place.detail and "cifs" in place.detail


def test_empty_mount_table_means_local():
    assert classify_posix("/anything/a.sqlite", "").kind == LOCAL


def _drives(**types):
    asked = []

    def drive_type(root):
        asked.append(root)
        return types.get(root[0].upper(), DRIVE_FIXED)

    return drive_type, asked


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (r"C:\Users\cb\Documents\thidua.sqlite", LOCAL),
        (r"Z:\TDKT\thidua.sqlite", NETWORK),  # a mapped network drive
        (r"E:\thidua.sqlite", REMOVABLE),  # a USB stick
        (r"\\SERVER\Share\TDKT\thidua.sqlite", NETWORK),
        ("//server/share/thidua.sqlite", NETWORK),
        (r"\\?\UNC\server\share\thidua.sqlite", NETWORK),
        (r"\\?\Z:\TDKT\thidua.sqlite", NETWORK),
        (r"\\?\C:\TDKT\thidua.sqlite", LOCAL),
        (r"D:\thidua.sqlite", LOCAL),  # a CD-ROM is read-only anyway: not this module's business
    ],
)
def test_windows_paths_and_drive_types(path, kind):
    drive_type, _ = _drives(Z=DRIVE_REMOTE, E=DRIVE_REMOVABLE, D=DRIVE_CDROM)
    assert classify_windows(path, drive_type).kind == kind


def test_windows_asks_the_drive_root_and_not_for_unc_paths():
    drive_type, asked = _drives(Z=DRIVE_REMOTE)
    place = classify_windows(r"z:\TDKT\thidua.sqlite", drive_type)
    assert asked == ["z:\\"] and place.detail == "ổ Z:"
    classify_windows(r"\\server\share\a.sqlite", drive_type)
    assert asked == ["z:\\"]
    assert classify_windows(r"\\server\share\a.sqlite", drive_type).detail == r"\\server\share"


def test_notices_are_vietnamese_and_name_the_file():
    net = location.Location(NETWORK, r"\\server\share")
    usb = location.Location(REMOVABLE, "ổ E:")
    assert "ổ mạng" in net.notice("/x/thidua.sqlite") and "thidua.sqlite" in net.notice("/x/thidua.sqlite")
    assert "Tháo thiết bị an toàn" in usb.notice("/x/a.sqlite")
    assert location.Location(LOCAL).notice("/x/a.sqlite") == ""
    assert (net.journal_mode, usb.journal_mode, location.Location(LOCAL).journal_mode) == (
        "delete",
        "delete",
        "wal",
    )


def fake_share(monkeypatch, folder, fstype="cifs"):
    """Make this machine's mount table say ``folder`` is a network share (or a stick)."""
    real = location._read_mounts()
    monkeypatch.setattr(
        location, "_read_mounts", lambda: real + f"//nas/tdkt {folder} {fstype} rw,relatime 0 0\n"
    )


@pytest.mark.skipif(location.sys.platform == "win32", reason="reads /proc/mounts")
@pytest.mark.parametrize("fstype", ["cifs", "vfat"])
def test_a_file_on_a_share_or_stick_gets_a_rollback_journal(tmp_path, monkeypatch, fstype):
    local = open_database(tmp_path / "local.sqlite")
    assert journal_mode(local) == "wal"
    local.close()
    fake_share(monkeypatch, tmp_path, fstype)
    for name in ("new.sqlite", "local.sqlite"):  # a new file, and a WAL file moved onto the share
        db = open_database(tmp_path / name)
        assert journal_mode(db) == "delete"
        db.conn.execute("INSERT INTO clusters (uid, name) VALUES (?, ?)", (name, "Khối 3"))
        db.close()
        assert not (tmp_path / f"{name}-wal").exists()
        # the header says "rollback journal" (1, 1) to every program that opens it
        assert (tmp_path / name).read_bytes()[18:20] == b"\x01\x01"
        check = sqlite3.connect(tmp_path / name)
        assert check.execute("SELECT count(*) FROM clusters WHERE uid = ?", (name,)).fetchone()[0] == 1
        check.close()


# --- the URI SQLite opens a file by (issue 24, point 1) ------------------------------------------------
@pytest.mark.parametrize(
    ("path", "uri"),
    [
        (r"\\server\share\thidua.sqlite", "file:////server/share/thidua.sqlite?mode=ro"),  # as_uri gave file://server/…
        (r"\\?\UNC\server\share\x.sqlite", "file:////server/share/x.sqlite?mode=ro"),
        (r"\\?\C:\Thi dua\x.sqlite", "file:///C:/Thi%20dua/x.sqlite?mode=ro"),
        (r"C:\Users\an\Tài liệu\dữ liệu.sqlite",
         "file:///C:/Users/an/T%C3%A0i%20li%E1%BB%87u/d%E1%BB%AF%20li%E1%BB%87u.sqlite?mode=ro"),
        (r"D:\Khối #3\50% xong?.sqlite", "file:///D:/Kh%E1%BB%91i%20%233/50%25%20xong%3F.sqlite?mode=ro"),
        ("Z:/ban giao/x.sqlite", "file:///Z:/ban%20giao/x.sqlite?mode=ro"),
    ],
)  # fmt: skip
def test_windows_paths_become_uris_sqlite_accepts(path, uri):
    assert location.sqlite_uri(path, "ro", windows=True) == uri


def test_every_reader_opens_a_file_whose_name_has_uri_characters(tmp_path):
    """Real connections through the URIs the program builds: the data file, its checks, a copy,
    a restore and a reader, in a folder and under a name full of characters a URI must escape."""
    from thidua_desktop.store import backup, health
    from thidua_desktop.store.db import open_reader
    from thidua_desktop.store.records import units

    folder = tmp_path / "Khối #3 ? 100% dữ liệu"
    folder.mkdir()
    path = folder / "thi đua #1.sqlite"
    db = open_database(path)
    units.create_unit(db, "Thanh tra tỉnh")
    copy = backup.backup_to(db, backup.backups_dir(path) / "ban sao #1.sqlite")
    units.create_unit(db, "Sở Tư pháp")
    db.close()
    assert health.check_file(path).ok
    reader = open_reader(path)
    assert reader.conn.execute("SELECT count(*) FROM units").fetchone()[0] == 2
    reader.close()
    backup.restore(path, copy)
    db = open_database(path, create=False)
    assert db.conn.execute("SELECT count(*) FROM units").fetchone()[0] == 1
    db.close()


def _read_only_share(monkeypatch) -> None:
    """What a read-only share does on Windows while os.access still says yes: creating a file fails."""
    real_open = os.open

    def refuse(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            raise PermissionError(13, "Access is denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    monkeypatch.setattr(os, "access", lambda *a, **k: True)  # as on Windows: no help


def test_writability_is_probed_not_asked_of_os_access(tmp_path, monkeypatch):
    """Issue 24, point 9: os.access said every Windows folder was writable."""
    from thidua_desktop.store.errors import ReadOnlyError

    path = tmp_path / "thidua.sqlite"
    open_database(path).close()
    assert location.folder_writable(tmp_path) and location.file_writable(path)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".thidua-thu-ghi")]  # the probe is gone
    _read_only_share(monkeypatch)
    assert not location.folder_writable(tmp_path)
    with pytest.raises(ReadOnlyError, match="thư mục chứa tệp không cho phép ghi"):
        open_database(path, create=False)
    with pytest.raises(ReadOnlyError, match="không cho phép tạo tệp"):
        open_database(tmp_path / "moi.sqlite")


# --- synced folders and USB hard disks (issue 24, point 7) -------------------------------------------
def test_a_onedrive_folder_and_a_usb_hard_disk_are_not_written_with_wal():
    env = {"OneDrive": r"C:\Users\lan\OneDrive", "OneDriveCommercial": r"C:\Users\lan\OneDrive - Sở Tư pháp"}
    fixed = lambda root: location.DRIVE_FIXED  # noqa: E731
    synced = location.classify_windows(r"C:\Users\lan\OneDrive\Tài liệu\khoi3.sqlite", fixed, env=env)
    assert synced.kind == location.SYNCED and not synced.wal_safe and synced.journal_mode == "delete"
    work = location.classify_windows(r"c:\users\lan\onedrive - sở tư pháp\td.sqlite", fixed, env=env)
    assert work.kind == location.SYNCED  # case does not matter on Windows
    assert (
        location.classify_windows(r"C:\Users\lan\OneDriveCu\k.sqlite", fixed, env=env).kind == location.LOCAL
    )
    assert location.classify_windows(r"C:\ThiDua\k.sqlite", fixed, env=env).kind == location.LOCAL
    usb = location.classify_windows(
        r"E:\ThiDua\k.sqlite", fixed, env=env, bus_type=lambda d: location.BUS_USB
    )
    assert usb.kind == location.REMOVABLE and "USB" in usb.detail and not usb.wal_safe
    sata = location.classify_windows(r"D:\ThiDua\k.sqlite", fixed, env=env, bus_type=lambda d: 11)
    assert sata.kind == location.LOCAL and sata.wal_safe
    notice = synced.notice(r"C:\Users\lan\OneDrive\Tài liệu\khoi3.sqlite")
    assert "OneDrive" in notice and "khoi3.sqlite" in notice and "đồng bộ" in notice


# --- long paths (issue 24, point 8) --------------------------------------------------------------------
def test_long_windows_paths_take_the_extended_form_and_short_ones_stay():
    deep = "C:\\" + "\\".join(["Thư mục công tác thi đua khen thưởng năm 2026"] * 6) + "\\khoi3-dinh-kem"
    assert len(deep) > location.LONG_PATH
    assert location.extended(deep, windows=True) == "\\\\?\\" + deep
    share = "\\\\may-chu\\thidua\\" + "\\".join(["Hồ sơ khen thưởng các năm"] * 10)
    assert (
        location.extended(share, windows=True)
        == "\\\\?\\UNC\\may-chu\\thidua\\" + share[len("\\\\may-chu\\thidua\\") :]
    )
    assert location.extended(r"C:\ThiDua\khoi3-dinh-kem", windows=True) == r"C:\ThiDua\khoi3-dinh-kem"
    already = "\\\\?\\" + deep
    assert location.extended(already, windows=True) == already
    assert location.extended("/tmp/" + "x" * 300, windows=False) == "/tmp/" + "x" * 300
    # SQLite is given the plain form back (the URI drops the prefix)
    assert location.sqlite_uri("\\\\?\\" + deep + "\\k.sqlite", windows=True).startswith("file:///C:/")


def test_a_too_long_path_is_said_in_vietnamese():
    from thidua_desktop.store.errors import os_reason

    too_long = OSError(36, "File name too long")
    assert os_reason(too_long) == "tên tệp quá dài"
    windows = OSError(22, "The filename or extension is too long")
    windows.winerror = 206
    assert os_reason(windows) == "đường dẫn hoặc tên tệp quá dài"
