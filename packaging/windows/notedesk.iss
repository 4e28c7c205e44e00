; Inno Setup script for notedesk on Windows. Cannot be built on Linux; CI builds it on
; windows-latest (.github/workflows/package.yml):
;   pyinstaller --noconfirm packaging\notedesk.spec
;   iscc /DAppVersion=0.1.0 packaging\windows\notedesk.iss
; Per-user install by default (no admin prompt); output: dist\notedesk-<version>-setup.exe
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6B3E2F4A-9C1D-4E8B-A7F2-5D0C1B9E3A47}
AppName=notedesk
AppVersion={#AppVersion}
AppPublisher=notedesk developers
DefaultDirName={autopf}\notedesk
DefaultGroupName=notedesk
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=notedesk-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\notedesk.ico
UninstallDisplayIcon={app}\notedesk.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes

[Files]
Source: "..\..\dist\notedesk\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{group}\notedesk"; Filename: "{app}\notedesk.exe"
Name: "{autodesktop}\notedesk"; Filename: "{app}\notedesk.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked
Name: "mdassoc"; Description: "Offer notedesk in ""Open with"" for .md files"

[Registry]
; "Open with" entry for .md, without taking over the user's default app.
Root: HKA; Subkey: "Software\Classes\notedesk.md"; ValueType: string; ValueData: "Markdown note"; Flags: uninsdeletekey; Tasks: mdassoc
Root: HKA; Subkey: "Software\Classes\notedesk.md\DefaultIcon"; ValueType: string; ValueData: "{app}\notedesk.exe,0"; Tasks: mdassoc
Root: HKA; Subkey: "Software\Classes\notedesk.md\shell\open\command"; ValueType: string; ValueData: """{app}\notedesk.exe"" ""%1"""; Tasks: mdassoc
Root: HKA; Subkey: "Software\Classes\.md\OpenWithProgids"; ValueType: string; ValueName: "notedesk.md"; ValueData: ""; Flags: uninsdeletevalue; Tasks: mdassoc
; "Open folder in notedesk" on folders.
Root: HKA; Subkey: "Software\Classes\Directory\shell\notedesk"; ValueType: string; ValueData: "Open as notedesk vault"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Directory\shell\notedesk"; ValueType: string; ValueName: "Icon"; ValueData: "{app}\notedesk.exe,0"
Root: HKA; Subkey: "Software\Classes\Directory\shell\notedesk\command"; ValueType: string; ValueData: """{app}\notedesk.exe"" ""%1"""

[Run]
Filename: "{app}\notedesk.exe"; Description: "Start notedesk"; Flags: nowait postinstall skipifsilent
