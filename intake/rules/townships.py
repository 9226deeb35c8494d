"""The township registry: the CSV county staff keep in a spreadsheet (``code,name,public_address``)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from intake.errors import RuleError

HEADER = ["code", "name", "public_address"]


@dataclass(frozen=True)
class Township:
    """One township or street; an empty ``public_address`` means not configured."""

    code: str
    name: str
    public_address: str

    @property
    def county(self) -> str:
        """The county-level division code: the first six digits."""
        return self.code[:6]


class Townships:
    """Townships by code; loaded once, looked up per decision."""

    def __init__(self, rows: dict[str, Township]) -> None:
        self._rows = rows

    def get(self, code: str) -> Township | None:
        """The township with this 9-digit code, or None when the registry does not list it."""
        return self._rows.get(code)

    def in_county(self, county: str) -> list[Township]:
        """Every listed township of a county, in code order."""
        return sorted((t for t in self._rows.values() if t.county == county), key=lambda t: t.code)

    def all(self) -> list[Township]:
        """Every listed township, in code order."""
        return sorted(self._rows.values(), key=lambda t: t.code)

    def __len__(self) -> int:
        return len(self._rows)

    @classmethod
    def from_csv(cls, path: Path) -> "Townships":
        """Reads the registry; a spreadsheet's UTF-8 byte-order mark is accepted. RuleError names
        the file and line of the first problem."""
        name = path.name
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (FileNotFoundError, NotADirectoryError):
            raise RuleError("找不到乡镇名录文件", str(path)) from None
        except IsADirectoryError:
            raise RuleError("乡镇名录应为 CSV 文件，这里是一个文件夹", str(path)) from None
        except PermissionError:
            raise RuleError("没有读取乡镇名录文件的权限", str(path)) from None
        except OSError as e:  # the system's own text is English; the clerk needs to know which file
            raise RuleError(f"无法读取乡镇名录文件（系统错误码 {e.errno}）", str(path)) from None
        except UnicodeDecodeError:
            raise RuleError("乡镇名录须以 UTF-8 编码保存（在表格软件中选择“CSV UTF-8”）", name) from None
        reader = csv.reader(io.StringIO(text, newline=""))
        header = [h.strip() for h in next(reader, [])]
        if header != HEADER:
            raise RuleError(f"第 1 行表头应为 {','.join(HEADER)}", name)
        rows: dict[str, Township] = {}
        for line, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != 3:
                raise RuleError(f"第 {line} 行应有 3 列，实际为 {len(record)} 列", name)
            code, town, address = (cell.strip() for cell in record)
            if len(code) != 9 or not code.isascii() or not code.isdigit():
                raise RuleError(f"第 {line} 行：乡镇代码 {code!r} 应为 9 位数字", name)
            if not town:
                raise RuleError(f"第 {line} 行：乡镇名称不能为空", name)
            if code in rows:
                raise RuleError(f"第 {line} 行：乡镇代码 {code} 重复", name)
            rows[code] = Township(code, town, address)
        return cls(rows)
