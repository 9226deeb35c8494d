; 落户受理 — Windows installer (NSIS 3, Unicode), built from the one-folder app.
;
; The real installer is built on Windows from the Windows build (packaging\build.ps1):
;   makensis /INPUTCHARSET UTF8 /DVERSION=0.1.0 packaging\installer.nsi
; which reads dist\hukou-intake\ and writes dist\hukou-intake-0.1.0-setup.exe. On Linux
; (bash packaging/release_check.sh) the same script is compiled from the Linux dist folder only to
; prove that it compiles: that file installs Linux binaries and is not for the halls.
;
; What it does:
; - installs per machine (administrator rights) into Program Files\hukou-intake, with Start-menu
;   and desktop shortcuts named 落户受理 for every account on the PC;
; - upgrades in place: an installed version is found in the registry, the clerk's data is backed
;   up with the old program first (when this account has any), the old program files are replaced
;   whole. The data is never in the program folder, so it is kept; the store applies its
;   migrations the next time the app opens it, before any window;
; - the uninstaller removes the program and leaves the clerk's data folder
;   (%LOCALAPPDATA%\hukou-intake: database, keys, configuration, backups) in place unless the
;   box 「同时删除本机受理数据」 is ticked (never in a silent uninstall).
;
; Options (relative paths are relative to packaging/, where makensis works): /DVERSION=x.y.z,
; /DDIST=folder (default ..\dist\hukou-intake),
; /DOUTDIR=folder (default ..\dist).

Unicode true
!ifdef AMD64
  Target amd64-unicode  ; /DAMD64: a 64-bit installer, for trying it under wine64; halls get the x86 stub
!endif
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef DIST
  !define DIST "../dist/hukou-intake"
!endif
!ifndef OUTDIR
  !define OUTDIR "../dist"
!endif

!define APPNAME "落户受理"
!define APPID "hukou-intake"
!define PUBLISHER "落户受理项目组"
!define DESK_EXE "intake-desk.exe"
!define CLI_EXE "intake.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPID}"
!define DATA_DIR "$LOCALAPPDATA\${APPID}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "WinVer.nsh"
!include "FileFunc.nsh"

Name "${APPNAME} ${VERSION}"
OutFile "${OUTDIR}/${APPID}-${VERSION}-setup.exe"
InstallDir "$PROGRAMFILES64\${APPID}"
RequestExecutionLevel admin
ShowInstDetails show
ShowUninstDetails show
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APPNAME} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"

Var OldVersion

; ---- pages ------------------------------------------------------------------------------------

!define MUI_ICON "icons/hukou-intake.ico"
!define MUI_UNICON "icons/hukou-intake.ico"
!define MUI_ABORTWARNING

!define MUI_WELCOMEPAGE_TITLE "欢迎安装 ${APPNAME} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "本程序将在这台电脑上安装「${APPNAME}」——乡镇便民服务中心落户申请受理工具，供本机所有 Windows 账户使用。$\r$\n$\r$\n如果已经安装了旧版本，本程序会就地升级：办事员的受理数据（数据库、密钥、配置）保存在各自账户的数据文件夹中，升级不会改动；新版本第一次打开数据库时会自动完成数据库升级。$\r$\n$\r$\n安装前请先关闭正在运行的「${APPNAME}」。$\r$\n$\r$\n点击“下一步”继续。"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "${APPNAME} 已安装"
!define MUI_FINISHPAGE_TEXT "「${APPNAME}」已安装完成。请在桌面或开始菜单中打开「${APPNAME}」。$\r$\n$\r$\n第一次打开时会进入首次使用设置：选择本厅所在乡镇（街道），建立管理员账户。"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!define MUI_COMPONENTSPAGE_TEXT_TOP "默认只删除程序，保留本机的受理数据。只有在这台电脑不再办理落户业务、且数据已经导出并备份后，才勾选删除数据。"
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; ---- install ----------------------------------------------------------------------------------

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "「${APPNAME}」需要 64 位 Windows 10 或更新版本。" /SD IDOK
    Abort
  ${EndIf}
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_ICONSTOP "「${APPNAME}」需要 Windows 10 或更新版本。" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  ReadRegStr $OldVersion HKLM "${UNINST_KEY}" "DisplayVersion"
  ReadRegStr $0 HKLM "${UNINST_KEY}" "InstallLocation"
  ${If} $0 != ""
    StrCpy $INSTDIR $0  ; an upgrade goes where the old version is
  ${EndIf}
FunctionEnd

; The program must not be running while its files are replaced: deleting the executables fails
; while they run, so ask until they can be deleted (or the administrator gives up).
!macro CloseRunningApp
  ${Do}
    ClearErrors
    ${If} ${FileExists} "$INSTDIR\${DESK_EXE}"
      Delete "$INSTDIR\${DESK_EXE}"
    ${EndIf}
    ${If} ${FileExists} "$INSTDIR\${CLI_EXE}"
      Delete "$INSTDIR\${CLI_EXE}"
    ${EndIf}
    ${IfNot} ${Errors}
      ${Break}
    ${EndIf}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "「${APPNAME}」正在运行。请在所有账户中退出「${APPNAME}」后点击“重试”。" /SD IDCANCEL IDRETRY +2
    Abort "「${APPNAME}」正在运行，已取消。"
  ${Loop}
!macroend

Section "${APPNAME}" SecApp
  SectionIn RO
  SetShellVarContext current  ; ${DATA_DIR}: the data of the account running the installer

  ${If} $OldVersion != ""
    DetailPrint "升级：已安装版本 $OldVersion → ${VERSION}"
    ; Back up this account's data with the old program before anything changes (best effort:
    ; the store's migrations are transactional, this is a second safety net).
    ${If} ${FileExists} "$INSTDIR\${CLI_EXE}"
    ${AndIf} ${FileExists} "${DATA_DIR}\intake.db"
      DetailPrint "升级前备份受理数据到 ${DATA_DIR}\升级前备份"
      nsExec::ExecToLog '"$INSTDIR\${CLI_EXE}" backup --to "${DATA_DIR}\升级前备份" --keep 3 --db "${DATA_DIR}\intake.db"'
      Pop $0
      ${If} $0 != 0
        MessageBox MB_YESNO|MB_ICONEXCLAMATION "升级前备份没有成功（代码 $0）。数据不会被删除，但建议先在程序中手工备份。$\r$\n$\r$\n仍然继续升级吗？" /SD IDYES IDYES +2
        Abort "已取消升级。"
      ${EndIf}
    ${EndIf}
  ${EndIf}

  SetShellVarContext all  ; shortcuts for every account
  !insertmacro CloseRunningApp
  ; Replace the old program whole, so no module of the old version lingers.
  RMDir /r "$INSTDIR\_internal"

  SetOutPath "$INSTDIR"
  File /r "${DIST}/*"
  File "/oname=hukou-intake.ico" "icons/hukou-intake.ico"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APPNAME}"
  CreateShortcut "$SMPROGRAMS\${APPNAME}\${APPNAME}.lnk" "$INSTDIR\${DESK_EXE}" "" "$INSTDIR\hukou-intake.ico" 0 SW_SHOWNORMAL "" "${APPNAME}：落户申请受理"
  CreateShortcut "$SMPROGRAMS\${APPNAME}\卸载${APPNAME}.lnk" "$INSTDIR\uninstall.exe" "" "$INSTDIR\uninstall.exe" 0
  ; A command prompt in the program folder, for backup, export and import (docs/manual.md)
  CreateShortcut "$SMPROGRAMS\${APPNAME}\${APPNAME}命令行.lnk" "$SYSDIR\cmd.exe" '/k cd /d "$INSTDIR" && intake --help' "$SYSDIR\cmd.exe" 0 SW_SHOWNORMAL "" "${APPNAME}命令行：备份、导出、导入、统计"
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\${DESK_EXE}" "" "$INSTDIR\hukou-intake.ico" 0 SW_SHOWNORMAL "" "${APPNAME}：落户申请受理"

  SetRegView 64
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\hukou-intake.ico"
  WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

; ---- uninstall --------------------------------------------------------------------------------

Section "un.程序文件和快捷方式" UnSecApp
  SectionIn RO
  SetShellVarContext all
  !insertmacro CloseRunningApp
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\hukou-intake.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"  ; only if empty: anything else someone put there stays
  Delete "$SMPROGRAMS\${APPNAME}\${APPNAME}.lnk"
  Delete "$SMPROGRAMS\${APPNAME}\卸载${APPNAME}.lnk"
  Delete "$SMPROGRAMS\${APPNAME}\${APPNAME}命令行.lnk"
  RMDir "$SMPROGRAMS\${APPNAME}"
  Delete "$DESKTOP\${APPNAME}.lnk"
  SetRegView 64
  DeleteRegKey HKLM "${UNINST_KEY}"
SectionEnd

; Unticked unless the administrator ticks it; a silent uninstall (/S) never deletes data.
Section /o "un.同时删除本机受理数据（不可恢复）" UnSecData
  SetShellVarContext current
  ${IfNot} ${FileExists} "${DATA_DIR}\*.*"
    DetailPrint "本账户没有受理数据：${DATA_DIR}"
    Return
  ${EndIf}
  IfSilent keep
  MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "将永久删除本账户的受理数据：$\r$\n${DATA_DIR}$\r$\n$\r$\n包括全部案件、扫描件、审计记录、本机签名密钥和备份。尚未导出到县局的案件将无法找回。$\r$\n$\r$\n确定删除吗？" IDYES remove
  keep:
    DetailPrint "已保留受理数据：${DATA_DIR}"
    Return
  remove:
    RMDir /r "${DATA_DIR}"
    DetailPrint "已删除受理数据：${DATA_DIR}"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecApp} "删除程序文件、开始菜单和桌面快捷方式。"
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecData} "删除当前 Windows 账户的数据文件夹 ${DATA_DIR}（数据库、密钥、配置、备份）。其他账户的数据不受影响。"
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END

Function un.onInit
  SetRegView 64
FunctionEnd
