#!/bin/sh
# make-msp-routine.sh OUTDIR: write a synthetic corpus of a managed service
# provider's routine work into OUTDIR (created; must not exist or be empty).
#
# The precision half of tests/cli/t_quality.sh scans it: nothing in here is an
# intrusion, so no rule may call any of it high or critical.  It is the work
# Cloud Hopper hid in: an MSP ("Northwind IT", 10.200.0.0/16 over a site VPN)
# administering a client ("Contoso", 10.20.1.0/24) in March 2016 -- helpdesk
# TeamViewer and AnyDesk sessions from the MSP's office (198.51.100.23),
# patching with PsExec from the management server MGMT01 (10.200.0.10),
# backups (vssadmin list, wbadmin, robocopy, Veeam), admin logins from the
# jump host JUMP01 (10.200.0.5: RDP, ssh with keys, sudo), IIS and firewall
# logs of ordinary traffic, admins' shell histories; and a second client's
# collection as a tar.gz (November-December 2015).  Near misses are on
# purpose: the things admins do that look like tradecraft without being it
# (procdump of w3wp, ntdsutil "files info", DC-to-DC replication, reg export
# of a vendor key, tar of /etc, remote sc query, AnyDesk set up unattended).
#
# Every line is fixed text and every mtime is fixed, so the output is the
# same byte for byte on every run (the tar.gz too: fixed member order, owner
# and mtime, gzip -n).  Plain text and JSON lines only: Windows events are
# written as the JSON lines an event forwarder or Get-WinEvent export gives,
# one as a CSV export.  Line shapes follow tests/cli/logs/formats/*.
set -eu
if [ $# -ne 1 ]; then
	echo "usage: $0 OUTDIR" >&2
	exit 2
fi
out=$1
mkdir -p "$out"
if [ -n "$(ls -A "$out")" ]; then
	echo "$0: $out is not empty" >&2
	exit 2
fi
cd "$out"
export TZ=UTC LC_ALL=C
umask 022

# ---------------------------------------------------------------------------
# MGMT01: the MSP's management server.  Patch night 2016-03-15: PsExec runs
# against the client's servers, then checks and a reboot.
mkdir -p mgmt01/Windows
cat > mgmt01/Windows/Security.jsonl <<'EOF'
{"TimeCreated":"2016-03-15T01:40:12.004Z","Computer":"MGMT01.northwind.local","Channel":"Security","EventID":4624,"TargetUserName":"jbrown","TargetDomainName":"NORTHWIND","LogonType":10,"LogonProcessName":"User32","AuthenticationPackageName":"Negotiate","WorkstationName":"JUMP01","IpAddress":"10.200.0.5","IpPort":"51812"}
{"TimeCreated":"2016-03-15T01:40:12.010Z","Computer":"MGMT01.northwind.local","Channel":"Security","EventID":4672,"SubjectUserName":"jbrown","SubjectDomainName":"NORTHWIND","PrivilegeList":"SeSecurityPrivilege SeBackupPrivilege SeRestorePrivilege SeTakeOwnershipPrivilege SeDebugPrivilege SeSystemEnvironmentPrivilege SeLoadDriverPrivilege SeImpersonatePrivilege"}
{"TimeCreated":"2016-03-15T01:42:30.118Z","Computer":"MGMT01.northwind.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Windows\\System32\\certutil.exe","CommandLine":"certutil -hashfile C:\\Patches\\2016-03\\Windows8.1-KB3140410-x64.msu SHA256","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T01:43:02.551Z","Computer":"MGMT01.northwind.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Windows\\System32\\net.exe","CommandLine":"net use P: \\\\nas01\\patches /persistent:no","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T01:45:00.020Z","Computer":"MGMT01.northwind.local","Channel":"Security","EventID":4688,"SubjectUserName":"svc_patch","NewProcessName":"C:\\Tools\\Sysinternals\\PsExec.exe","CommandLine":"\"C:\\Tools\\Sysinternals\\PsExec.exe\" -accepteula \\\\fs01 -s wuauclt /detectnow","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T01:45:09.311Z","Computer":"MGMT01.northwind.local","Channel":"Security","EventID":4688,"SubjectUserName":"svc_patch","NewProcessName":"C:\\Tools\\Sysinternals\\PsExec.exe","CommandLine":"\"C:\\Tools\\Sysinternals\\PsExec.exe\" -accepteula \\\\dc01 -s wuauclt /detectnow","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T01:45:18.902Z","Computer":"MGMT01.northwind.local","Channel":"Security","EventID":4688,"SubjectUserName":"svc_patch","NewProcessName":"C:\\Tools\\Sysinternals\\PsExec.exe","CommandLine":"\"C:\\Tools\\Sysinternals\\PsExec.exe\" -accepteula \\\\web01 -s cmd /c \"wusa.exe \\\\nas01\\patches\\2016-03\\Windows8.1-KB3140410-x64.msu /quiet /norestart\"","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T02:00:00.007Z","Computer":"MGMT01.northwind.local","Channel":"Security","EventID":4688,"SubjectUserName":"svc_patch","NewProcessName":"C:\\Tools\\Sysinternals\\PsExec.exe","CommandLine":"\"C:\\Tools\\Sysinternals\\PsExec.exe\" -accepteula \\\\fs01 -s wuauclt /updatenow","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T02:00:04.660Z","Computer":"MGMT01.northwind.local","Channel":"Security","EventID":4688,"SubjectUserName":"svc_patch","NewProcessName":"C:\\Tools\\Sysinternals\\PsExec.exe","CommandLine":"\"C:\\Tools\\Sysinternals\\PsExec.exe\" -accepteula \\\\dc01 -s wuauclt /updatenow","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T02:41:37.215Z","Computer":"MGMT01.northwind.local","Channel":"Security","EventID":4688,"SubjectUserName":"svc_patch","NewProcessName":"C:\\Tools\\Sysinternals\\PsExec.exe","CommandLine":"PsExec.exe @C:\\Patches\\servers-contoso.txt -accepteula -s wuauclt /reportnow","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T02:43:10.480Z","Computer":"MGMT01.northwind.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Windows\\System32\\sc.exe","CommandLine":"sc \\\\fs01 query wuauserv","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T02:44:51.006Z","Computer":"MGMT01.northwind.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe","CommandLine":"powershell.exe -NoProfile -Command \"Invoke-Command -ComputerName fs01,dc01,web01 -ScriptBlock { Get-HotFix | Sort-Object InstalledOn | Select-Object -Last 3 }\"","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T02:50:00.019Z","Computer":"MGMT01.northwind.local","Channel":"Security","EventID":4688,"SubjectUserName":"svc_patch","NewProcessName":"C:\\Tools\\Sysinternals\\PsExec.exe","CommandLine":"\"C:\\Tools\\Sysinternals\\PsExec.exe\" -accepteula \\\\fs01 -s -d shutdown /r /t 300 /c \"Patch reboot scheduled by Northwind IT\"","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T02:52:13.744Z","Computer":"MGMT01.northwind.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Windows\\System32\\schtasks.exe","CommandLine":"schtasks /create /s fs01 /ru SYSTEM /tn \"Northwind\\PatchScan\" /tr \"wuauclt /detectnow\" /sc daily /st 02:00 /f","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T02:55:20.390Z","Computer":"MGMT01.northwind.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Program Files\\PuTTY\\pscp.exe","CommandLine":"pscp.exe -i C:\\Keys\\deploy.ppk C:\\Deploy\\nginx\\contoso.conf admin@10.20.1.30:/tmp/contoso.conf","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T02:58:41.002Z","Computer":"MGMT01.northwind.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Windows\\System32\\mstsc.exe","CommandLine":"\"C:\\Windows\\system32\\mstsc.exe\" /v:dc01.contoso.local","ParentProcessName":"C:\\Windows\\explorer.exe"}
{"TimeCreated":"2016-03-15T03:30:05.117Z","Computer":"MGMT01.northwind.local","Channel":"Security","EventID":4634,"TargetUserName":"jbrown","TargetDomainName":"NORTHWIND","LogonType":10}
EOF

# The same kind of run as the management server's own Get-WinEvent export
# (CSV, messages as Windows renders them, backslashes as they are).
printf '%s\r\n' \
	'#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord' \
	'"Id","LevelDisplayName","ProviderName","MachineName","TimeCreated","Message"' \
	'"4688","Information","Microsoft-Windows-Security-Auditing","MGMT01.northwind.local","4/12/2016 1:45:00 AM","A new process has been created. Creator Subject: Account Name: svc_patch Account Domain: NORTHWIND Process Information: New Process Name: C:\Tools\Sysinternals\PsExec.exe Process Command Line: ""C:\Tools\Sysinternals\PsExec.exe"" -accepteula \\fs01 -s wuauclt /detectnow"' \
	'"4688","Information","Microsoft-Windows-Security-Auditing","MGMT01.northwind.local","4/12/2016 1:45:07 AM","A new process has been created. Creator Subject: Account Name: svc_patch Account Domain: NORTHWIND Process Information: New Process Name: C:\Tools\Sysinternals\PsExec64.exe Process Command Line: PsExec64.exe \\dc01 -accepteula -s -h cmd /c ""wbadmin get versions"""' \
	'"4688","Information","Microsoft-Windows-Security-Auditing","MGMT01.northwind.local","4/12/2016 2:00:00 AM","A new process has been created. Creator Subject: Account Name: svc_patch Account Domain: NORTHWIND Process Information: New Process Name: C:\Tools\Sysinternals\PsExec.exe Process Command Line: psexec \\fs01,dc01,web01 -accepteula -s wuauclt /updatenow"' \
	'"4688","Information","Microsoft-Windows-Security-Auditing","MGMT01.northwind.local","4/12/2016 2:05:31 AM","A new process has been created. Creator Subject: Account Name: svc_patch Account Domain: NORTHWIND Process Information: New Process Name: C:\Tools\Sysinternals\PsInfo.exe Process Command Line: psinfo.exe \\fs01 -accepteula -h"' \
	'"4688","Information","Microsoft-Windows-Security-Auditing","MGMT01.northwind.local","4/12/2016 2:06:02 AM","A new process has been created. Creator Subject: Account Name: jbrown Account Domain: NORTHWIND Process Information: New Process Name: C:\Windows\System32\reg.exe Process Command Line: reg export HKLM\SOFTWARE\Northwind\Agent C:\Backup\nw-agent.reg /y"' \
	> mgmt01/Windows/Security-export.csv

# ---------------------------------------------------------------------------
# FS01: the client's file server, target of the PsExec runs; backups.
mkdir -p fs01/Windows fs01/Logs
cat > fs01/Windows/System.jsonl <<'EOF'
{"TimeCreated":"2016-03-14T22:00:01.220Z","Computer":"FS01.contoso.local","Channel":"System","Provider":"Service Control Manager","EventID":7036,"param1":"Veeam Endpoint Backup Service","param2":"running"}
{"TimeCreated":"2016-03-14T22:00:03.981Z","Computer":"FS01.contoso.local","Channel":"System","Provider":"Service Control Manager","EventID":7036,"param1":"Volume Shadow Copy","param2":"running"}
{"TimeCreated":"2016-03-14T22:19:44.500Z","Computer":"FS01.contoso.local","Channel":"System","Provider":"Service Control Manager","EventID":7036,"param1":"Volume Shadow Copy","param2":"stopped"}
{"TimeCreated":"2016-03-15T01:45:01.102Z","Computer":"FS01.contoso.local","Channel":"System","Provider":"Service Control Manager","EventID":7045,"ServiceName":"PSEXESVC","ImagePath":"%SystemRoot%\\PSEXESVC.exe","ServiceType":"user mode service","StartType":"demand start","AccountName":"LocalSystem"}
{"TimeCreated":"2016-03-15T01:45:01.240Z","Computer":"FS01.contoso.local","Channel":"System","Provider":"Service Control Manager","EventID":7036,"param1":"PSEXESVC","param2":"running"}
{"TimeCreated":"2016-03-15T01:45:02.015Z","Computer":"FS01.contoso.local","Channel":"System","Provider":"Service Control Manager","EventID":7036,"param1":"Windows Update","param2":"running"}
{"TimeCreated":"2016-03-15T01:45:04.771Z","Computer":"FS01.contoso.local","Channel":"System","Provider":"Service Control Manager","EventID":7036,"param1":"PSEXESVC","param2":"stopped"}
{"TimeCreated":"2016-03-15T02:00:01.330Z","Computer":"FS01.contoso.local","Channel":"System","Provider":"Service Control Manager","EventID":7036,"param1":"PSEXESVC","param2":"running"}
{"TimeCreated":"2016-03-15T02:00:03.019Z","Computer":"FS01.contoso.local","Channel":"System","Provider":"Service Control Manager","EventID":7036,"param1":"PSEXESVC","param2":"stopped"}
{"TimeCreated":"2016-03-15T02:31:12.880Z","Computer":"FS01.contoso.local","Channel":"System","Provider":"Microsoft-Windows-WindowsUpdateClient","EventID":19,"updateTitle":"Security Update for Windows Server 2012 R2 (KB3140410)","updateGuid":"{4f3b9c0e-2a1d-4d52-8f65-7d6f1b3e2c90}"}
{"TimeCreated":"2016-03-15T02:50:01.412Z","Computer":"FS01.contoso.local","Channel":"System","Provider":"Service Control Manager","EventID":7036,"param1":"PSEXESVC","param2":"running"}
{"TimeCreated":"2016-03-15T02:50:02.090Z","Computer":"FS01.contoso.local","Channel":"System","Provider":"User32","EventID":1074,"param1":"C:\\Windows\\system32\\shutdown.exe (FS01)","param2":"FS01","param3":"Operating System: Service pack (Planned)","param4":"0x80020010","param5":"restart","param6":"Patch reboot scheduled by Northwind IT","param7":"NT AUTHORITY\\SYSTEM"}
{"TimeCreated":"2016-03-15T02:50:02.300Z","Computer":"FS01.contoso.local","Channel":"System","Provider":"Service Control Manager","EventID":7036,"param1":"PSEXESVC","param2":"stopped"}
{"TimeCreated":"2016-03-15T02:55:09.004Z","Computer":"FS01.contoso.local","Channel":"System","Provider":"EventLog","EventID":6006,"Message":"The Event log service was stopped."}
{"TimeCreated":"2016-03-15T02:57:41.618Z","Computer":"FS01.contoso.local","Channel":"System","Provider":"EventLog","EventID":6005,"Message":"The Event log service was started."}
{"TimeCreated":"2016-03-15T02:57:58.122Z","Computer":"FS01.contoso.local","Channel":"System","Provider":"Service Control Manager","EventID":7036,"param1":"Veeam Endpoint Backup Service","param2":"running"}
EOF

cat > fs01/Windows/Security.jsonl <<'EOF'
{"TimeCreated":"2016-03-14T09:12:40.301Z","Computer":"FS01.contoso.local","Channel":"Security","EventID":4624,"TargetUserName":"jbrown","TargetDomainName":"CONTOSO","LogonType":10,"LogonProcessName":"User32","AuthenticationPackageName":"Negotiate","WorkstationName":"JUMP01","IpAddress":"10.200.0.5","IpPort":"50233"}
{"TimeCreated":"2016-03-14T09:14:02.617Z","Computer":"FS01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Windows\\System32\\vssadmin.exe","CommandLine":"vssadmin list shadows /for=D:","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-14T09:14:20.002Z","Computer":"FS01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Windows\\System32\\vssadmin.exe","CommandLine":"vssadmin list shadowstorage","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-14T09:15:48.775Z","Computer":"FS01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Windows\\System32\\vssadmin.exe","CommandLine":"vssadmin resize shadowstorage /for=D: /on=D: /maxsize=15%","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-14T09:31:03.450Z","Computer":"FS01.contoso.local","Channel":"Security","EventID":4634,"TargetUserName":"jbrown","TargetDomainName":"CONTOSO","LogonType":10}
{"TimeCreated":"2016-03-14T22:00:00.912Z","Computer":"FS01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"FS01$","NewProcessName":"C:\\Program Files\\Veeam\\Endpoint Backup\\Veeam.EndPoint.Manager.exe","CommandLine":"\"C:\\Program Files\\Veeam\\Endpoint Backup\\Veeam.EndPoint.Manager.exe\" /backup","ParentProcessName":"C:\\Windows\\System32\\svchost.exe"}
{"TimeCreated":"2016-03-15T01:00:00.118Z","Computer":"FS01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"svc_backup","NewProcessName":"C:\\Windows\\System32\\Robocopy.exe","CommandLine":"robocopy D:\\Shares \\\\nas01\\backup\\fs01\\Shares /MIR /COPY:DAT /R:1 /W:1 /NP /LOG+:C:\\Logs\\robocopy-shares.log","ParentProcessName":"C:\\Windows\\System32\\taskeng.exe"}
{"TimeCreated":"2016-03-15T01:30:00.204Z","Computer":"FS01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"svc_backup","NewProcessName":"C:\\Windows\\System32\\wbadmin.exe","CommandLine":"wbadmin start backup -backupTarget:\\\\nas01\\wsb\\fs01 -include:C:,D: -allCritical -vssCopy -quiet","ParentProcessName":"C:\\Windows\\System32\\taskeng.exe"}
{"TimeCreated":"2016-03-15T01:45:00.881Z","Computer":"FS01.contoso.local","Channel":"Security","EventID":4624,"TargetUserName":"svc_patch","TargetDomainName":"NORTHWIND","LogonType":3,"LogonProcessName":"NtLmSsp","AuthenticationPackageName":"NTLM","WorkstationName":"MGMT01","IpAddress":"10.200.0.10","IpPort":"49811"}
{"TimeCreated":"2016-03-15T01:45:00.902Z","Computer":"FS01.contoso.local","Channel":"Security","EventID":5140,"SubjectUserName":"svc_patch","SubjectDomainName":"NORTHWIND","ObjectType":"File","IpAddress":"10.200.0.10","ShareName":"\\\\*\\ADMIN$","ShareLocalPath":"\\??\\C:\\Windows"}
{"TimeCreated":"2016-03-15T01:45:00.950Z","Computer":"FS01.contoso.local","Channel":"Security","EventID":5145,"SubjectUserName":"svc_patch","SubjectDomainName":"NORTHWIND","ObjectType":"File","IpAddress":"10.200.0.10","ShareName":"\\\\*\\ADMIN$","ShareLocalPath":"\\??\\C:\\Windows","RelativeTargetName":"PSEXESVC.exe","AccessMask":"0x2"}
{"TimeCreated":"2016-03-15T01:45:01.004Z","Computer":"FS01.contoso.local","Channel":"Security","EventID":5145,"SubjectUserName":"svc_patch","SubjectDomainName":"NORTHWIND","ObjectType":"File","IpAddress":"10.200.0.10","ShareName":"\\\\*\\IPC$","ShareLocalPath":"","RelativeTargetName":"svcctl","AccessMask":"0x12019f"}
{"TimeCreated":"2016-03-15T01:45:01.100Z","Computer":"FS01.contoso.local","Channel":"Security","EventID":4697,"SubjectUserName":"svc_patch","SubjectDomainName":"NORTHWIND","ServiceName":"PSEXESVC","ServiceFileName":"%SystemRoot%\\PSEXESVC.exe","ServiceType":"0x10","ServiceStartType":"3","ServiceAccount":"LocalSystem"}
{"TimeCreated":"2016-03-15T01:45:01.250Z","Computer":"FS01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"FS01$","NewProcessName":"C:\\Windows\\PSEXESVC.exe","CommandLine":"C:\\Windows\\PSEXESVC.exe","ParentProcessName":"C:\\Windows\\System32\\services.exe"}
{"TimeCreated":"2016-03-15T01:45:01.380Z","Computer":"FS01.contoso.local","Channel":"Security","EventID":5145,"SubjectUserName":"svc_patch","SubjectDomainName":"NORTHWIND","ObjectType":"File","IpAddress":"10.200.0.10","ShareName":"\\\\*\\IPC$","ShareLocalPath":"","RelativeTargetName":"PSEXESVC-MGMT01-4412-stdin","AccessMask":"0x12019f"}
{"TimeCreated":"2016-03-15T01:45:01.902Z","Computer":"FS01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"FS01$","NewProcessName":"C:\\Windows\\System32\\wuauclt.exe","CommandLine":"wuauclt /detectnow","ParentProcessName":"C:\\Windows\\PSEXESVC.exe"}
{"TimeCreated":"2016-03-15T02:00:01.480Z","Computer":"FS01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"FS01$","NewProcessName":"C:\\Windows\\System32\\wuauclt.exe","CommandLine":"wuauclt /updatenow","ParentProcessName":"C:\\Windows\\PSEXESVC.exe"}
{"TimeCreated":"2016-03-15T02:50:01.660Z","Computer":"FS01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"FS01$","NewProcessName":"C:\\Windows\\System32\\shutdown.exe","CommandLine":"shutdown /r /t 300 /c \"Patch reboot scheduled by Northwind IT\"","ParentProcessName":"C:\\Windows\\PSEXESVC.exe"}
{"TimeCreated":"2016-03-15T02:52:14.011Z","Computer":"FS01.contoso.local","Channel":"Security","EventID":4698,"SubjectUserName":"jbrown","SubjectDomainName":"NORTHWIND","TaskName":"\\Northwind\\PatchScan"}
EOF

cat > fs01/Windows/Application.jsonl <<'EOF'
{"TimeCreated":"2016-03-14T22:00:02.004Z","Computer":"FS01.contoso.local","Channel":"Application","Provider":"Veeam Endpoint Backup","EventID":110,"Message":"Backup job 'FS01 nightly' started."}
{"TimeCreated":"2016-03-14T22:00:04.115Z","Computer":"FS01.contoso.local","Channel":"Application","Provider":"VSS","EventID":8224,"Message":"The VSS service is shutting down due to idle timeout."}
{"TimeCreated":"2016-03-14T22:19:41.870Z","Computer":"FS01.contoso.local","Channel":"Application","Provider":"Veeam Endpoint Backup","EventID":190,"Message":"Backup job 'FS01 nightly' finished with Success. Processed 412.6 GB, read 9.8 GB, transferred 3.1 GB."}
{"TimeCreated":"2016-03-15T01:30:01.330Z","Computer":"FS01.contoso.local","Channel":"Microsoft-Windows-Backup","Provider":"Microsoft-Windows-Backup","EventID":1,"Message":"The backup operation has started."}
{"TimeCreated":"2016-03-15T01:41:52.090Z","Computer":"FS01.contoso.local","Channel":"Microsoft-Windows-Backup","Provider":"Microsoft-Windows-Backup","EventID":4,"Message":"The backup operation has finished successfully."}
{"TimeCreated":"2016-03-15T02:31:10.552Z","Computer":"FS01.contoso.local","Channel":"Application","Provider":"MsiInstaller","EventID":1035,"Message":"Windows Installer reconfigured the product. Product Name: Veeam Endpoint Backup. Product Version: 1.5.0.306. Reconfiguration success or error status: 0."}
EOF

printf '%s\r\n' \
	'' \
	'-------------------------------------------------------------------------------' \
	'   ROBOCOPY     ::     Robust File Copy for Windows' \
	'-------------------------------------------------------------------------------' \
	'' \
	'  Started : Tuesday, March 15, 2016 1:00:01 AM' \
	'   Source : D:\Shares\' \
	'     Dest : \\nas01\backup\fs01\Shares\' \
	'' \
	'    Files : *.*' \
	'' \
	'  Options : *.* /S /E /DCOPY:DA /COPY:DAT /PURGE /MIR /NP /R:1 /W:1' \
	'' \
	'------------------------------------------------------------------------------' \
	'' \
	'	                   3	D:\Shares\Finance\' \
	'	    New File  		   48213	budget-2016-q2.xlsx' \
	'	    Newer     		  102400	forecast-2016.xlsx' \
	'	  *EXTRA File 		   18432	~$forecast-2016.xlsx' \
	'	                   2	D:\Shares\HR\' \
	'	    Newer     		   88064	holiday-plan-2016.docx' \
	'	                   1	D:\Shares\IT\' \
	'	    New File  		 4194304	Windows8.1-KB3140410-x64.msu' \
	'' \
	'------------------------------------------------------------------------------' \
	'' \
	'               Total    Copied   Skipped  Mismatch    FAILED    Extras' \
	'    Dirs :       412         3       409         0         0         0' \
	'   Files :      8214         4      8210         0         0         1' \
	'   Bytes :   6.128 g    4.236 m   6.124 g         0         0    18.0 k' \
	'   Times :   0:01:12   0:00:31                       0:00:00   0:00:41' \
	'' \
	'   Ended : Tuesday, March 15, 2016 1:01:13 AM' \
	> fs01/Logs/robocopy-shares.log

# ---------------------------------------------------------------------------
# DC01: admin RDP from the jump host, system-state backup, health checks,
# a user report, and ordinary DC-to-DC replication (4662 by DC02$).
mkdir -p dc01/Windows
cat > dc01/Windows/Security.jsonl <<'EOF'
{"TimeCreated":"2016-03-15T03:00:12.540Z","Computer":"DC01.contoso.local","Channel":"Security","EventID":4624,"TargetUserName":"jbrown","TargetDomainName":"CONTOSO","LogonType":10,"LogonProcessName":"User32","AuthenticationPackageName":"Negotiate","WorkstationName":"JUMP01","IpAddress":"10.200.0.5","IpPort":"50771"}
{"TimeCreated":"2016-03-15T03:00:12.551Z","Computer":"DC01.contoso.local","Channel":"Security","EventID":4672,"SubjectUserName":"jbrown","SubjectDomainName":"CONTOSO","PrivilegeList":"SeSecurityPrivilege SeBackupPrivilege SeRestorePrivilege SeTakeOwnershipPrivilege SeDebugPrivilege SeSystemEnvironmentPrivilege SeLoadDriverPrivilege SeImpersonatePrivilege SeEnableDelegationPrivilege"}
{"TimeCreated":"2016-03-15T03:01:40.006Z","Computer":"DC01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Windows\\System32\\repadmin.exe","CommandLine":"repadmin /replsummary","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T03:02:15.330Z","Computer":"DC01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Windows\\System32\\dcdiag.exe","CommandLine":"dcdiag /q","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T03:04:51.118Z","Computer":"DC01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Windows\\System32\\ntdsutil.exe","CommandLine":"ntdsutil \"activate instance ntds\" \"files\" \"info\" quit quit","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T03:06:30.470Z","Computer":"DC01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Windows\\System32\\vssadmin.exe","CommandLine":"vssadmin list shadows","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T03:07:02.813Z","Computer":"DC01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Windows\\System32\\wbadmin.exe","CommandLine":"wbadmin get versions -backupTarget:E:","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T03:10:44.029Z","Computer":"DC01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Windows\\System32\\csvde.exe","CommandLine":"csvde -f C:\\Reports\\contoso-users-2016-03.csv -r \"(&(objectCategory=person)(objectClass=user))\" -l \"sAMAccountName,displayName,mail,lastLogonTimestamp\"","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T03:12:09.551Z","Computer":"DC01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Windows\\System32\\w32tm.exe","CommandLine":"w32tm /query /status","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T03:12:30.902Z","Computer":"DC01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Windows\\System32\\gpupdate.exe","CommandLine":"gpupdate /force","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T03:14:00.214Z","Computer":"DC01.contoso.local","Channel":"Security","EventID":4662,"SubjectUserName":"DC02$","SubjectDomainName":"CONTOSO","ObjectServer":"DS","ObjectType":"%{19195a5b-6da0-11d0-afd3-00c04fd930c9}","ObjectName":"%{5b7c3f0e-9d21-4a6b-8c41-2e1f0d9a7b63}","OperationType":"Object Access","AccessMask":"0x100","Properties":"%%7688 {1131f6aa-9c07-11d1-f79f-00c04fc2dcd2} {19195a5b-6da0-11d0-afd3-00c04fd930c9}"}
{"TimeCreated":"2016-03-15T03:14:00.219Z","Computer":"DC01.contoso.local","Channel":"Security","EventID":4662,"SubjectUserName":"DC02$","SubjectDomainName":"CONTOSO","ObjectServer":"DS","ObjectType":"%{19195a5b-6da0-11d0-afd3-00c04fd930c9}","ObjectName":"%{5b7c3f0e-9d21-4a6b-8c41-2e1f0d9a7b63}","OperationType":"Object Access","AccessMask":"0x100","Properties":"%%7688 {1131f6ad-9c07-11d1-f79f-00c04fc2dcd2} {19195a5b-6da0-11d0-afd3-00c04fd930c9}"}
{"TimeCreated":"2016-03-15T03:20:41.660Z","Computer":"DC01.contoso.local","Channel":"Security","EventID":4634,"TargetUserName":"jbrown","TargetDomainName":"CONTOSO","LogonType":10}
{"TimeCreated":"2016-03-15T23:00:00.120Z","Computer":"DC01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"svc_backup","NewProcessName":"C:\\Windows\\System32\\wbadmin.exe","CommandLine":"wbadmin start systemstatebackup -backupTarget:E: -quiet","ParentProcessName":"C:\\Windows\\System32\\taskeng.exe"}
EOF

cat > dc01/Windows/TerminalServices.jsonl <<'EOF'
{"TimeCreated":"2016-03-15T03:00:11.870Z","Computer":"DC01.contoso.local","Channel":"Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational","EventID":1149,"Param1":"jbrown","Param2":"CONTOSO","Param3":"10.200.0.5"}
{"TimeCreated":"2016-03-15T03:00:13.002Z","Computer":"DC01.contoso.local","Channel":"Microsoft-Windows-TerminalServices-LocalSessionManager/Operational","EventID":21,"User":"CONTOSO\\jbrown","SessionID":"2","Address":"10.200.0.5"}
{"TimeCreated":"2016-03-15T03:00:13.150Z","Computer":"DC01.contoso.local","Channel":"Microsoft-Windows-TerminalServices-LocalSessionManager/Operational","EventID":22,"User":"CONTOSO\\jbrown","SessionID":"2","Address":"10.200.0.5"}
{"TimeCreated":"2016-03-15T03:15:02.448Z","Computer":"DC01.contoso.local","Channel":"Microsoft-Windows-TerminalServices-LocalSessionManager/Operational","EventID":24,"User":"CONTOSO\\jbrown","SessionID":"2","Address":"10.200.0.5"}
{"TimeCreated":"2016-03-15T03:18:30.006Z","Computer":"DC01.contoso.local","Channel":"Microsoft-Windows-TerminalServices-LocalSessionManager/Operational","EventID":25,"User":"CONTOSO\\jbrown","SessionID":"2","Address":"10.200.0.5"}
{"TimeCreated":"2016-03-15T03:20:41.700Z","Computer":"DC01.contoso.local","Channel":"Microsoft-Windows-TerminalServices-LocalSessionManager/Operational","EventID":23,"User":"CONTOSO\\jbrown","SessionID":"2"}
EOF

# ---------------------------------------------------------------------------
# WEB01: IIS serving the intranet and OWA, the MSP's monitor polling the
# default page, Windows Firewall, and an app-pool crash dump for a ticket.
mkdir -p web01/inetpub/logs/LogFiles/W3SVC1 \
	web01/Windows/System32/LogFiles/Firewall web01/Windows
{
	printf '%s\r\n' \
		'#Software: Microsoft Internet Information Services 8.5' \
		'#Version: 1.0' \
		'#Date: 2016-03-15 07:58:02' \
		'#Fields: date time s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken'
	ua='Mozilla/5.0+(Windows+NT+6.1;+WOW64;+Trident/7.0;+rv:11.0)+like+Gecko'
	mon='PRTG+Network+Monitor+(www.paessler.com)'
	while read -r t meth uri q port user ip agent ref st ms; do
		case $agent in UA) agent=$ua ;; MON) agent=$mon ;; esac
		printf '2016-03-15 %s WEB01 10.20.1.12 %s %s %s %s %s %s %s %s %s 0 0 %s\r\n' \
			"$t" "$meth" "$uri" "$q" "$port" "$user" "$ip" "$agent" "$ref" "$st" "$ms"
	done <<'EOF'
07:58:02 GET /iisstart.htm - 80 - 10.200.0.20 MON - 200 1
07:58:02 GET /iisstart.png - 80 - 10.200.0.20 MON - 200 0
08:03:11 GET / - 443 - 10.20.1.117 UA - 200 46
08:03:11 GET /css/site.css - 443 - 10.20.1.117 UA https://intranet.contoso.local/ 200 4
08:03:12 GET /js/jquery-1.11.3.min.js - 443 - 10.20.1.117 UA https://intranet.contoso.local/ 200 6
08:03:12 GET /images/logo.png - 443 - 10.20.1.117 UA https://intranet.contoso.local/ 200 2
08:03:40 GET /news/2016/03/office-move.aspx - 443 CONTOSO\mwilson 10.20.1.117 UA https://intranet.contoso.local/ 200 31
08:05:09 GET /owa/ - 443 - 10.20.1.122 UA - 302 0
08:05:10 GET /owa/auth/logon.aspx replaceCurrent=1&url=https%3a%2f%2fmail.contoso.local%2fowa%2f 443 - 10.20.1.122 UA - 200 15
08:05:22 POST /owa/auth.owa - 443 CONTOSO\akhan 10.20.1.122 UA https://mail.contoso.local/owa/auth/logon.aspx 302 62
08:05:23 GET /owa/ - 443 CONTOSO\akhan 10.20.1.122 UA https://mail.contoso.local/owa/auth/logon.aspx 200 210
08:13:02 GET /iisstart.htm - 80 - 10.200.0.20 MON - 200 0
08:20:47 GET /forms/expenses.aspx - 443 CONTOSO\mwilson 10.20.1.117 UA https://intranet.contoso.local/ 200 28
08:21:30 POST /forms/expenses.aspx - 443 CONTOSO\mwilson 10.20.1.117 UA https://intranet.contoso.local/forms/expenses.aspx 302 119
08:21:31 GET /forms/thanks.aspx id=20160315-0042 443 CONTOSO\mwilson 10.20.1.117 UA https://intranet.contoso.local/forms/expenses.aspx 200 12
08:28:02 GET /iisstart.htm - 80 - 10.200.0.20 MON - 200 0
08:31:15 GET /Autodiscover/Autodiscover.xml - 443 CONTOSO\akhan 10.20.1.122 Microsoft+Office/16.0 - 200 44
08:33:50 GET /favicon.ico - 443 - 10.20.1.117 UA - 404 0
08:40:05 GET /search.aspx q=holiday+plan 443 CONTOSO\mwilson 10.20.1.117 UA https://intranet.contoso.local/ 200 88
08:43:02 GET /iisstart.htm - 80 - 10.200.0.20 MON - 200 0
09:02:19 GET /docs/it/vpn-howto.pdf - 443 CONTOSO\akhan 10.20.1.122 UA https://intranet.contoso.local/search.aspx 200 140
09:15:44 GET /robots.txt - 80 - 10.200.0.20 MON - 404 0
EOF
} > web01/inetpub/logs/LogFiles/W3SVC1/u_ex160315.log

printf '%s\r\n' \
	'#Version: 1.5' \
	'#Software: Microsoft Windows Firewall' \
	'#Time Format: Local' \
	'#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path' \
	'' \
	'2016-03-15 01:45:18 ALLOW TCP 10.200.0.10 10.20.1.12 49822 445 0 - 0 0 0 - - - RECEIVE' \
	'2016-03-15 01:45:18 ALLOW TCP 10.200.0.10 10.20.1.12 49823 135 0 - 0 0 0 - - - RECEIVE' \
	'2016-03-15 07:58:02 ALLOW TCP 10.200.0.20 10.20.1.12 53110 80 0 - 0 0 0 - - - RECEIVE' \
	'2016-03-15 08:03:11 ALLOW TCP 10.20.1.117 10.20.1.12 50611 443 0 - 0 0 0 - - - RECEIVE' \
	'2016-03-15 08:05:09 ALLOW TCP 10.20.1.122 10.20.1.12 50240 443 0 - 0 0 0 - - - RECEIVE' \
	'2016-03-15 08:10:00 ALLOW UDP 10.20.1.12 10.20.1.10 61001 53 0 - - - - - - - SEND' \
	'2016-03-15 08:10:00 ALLOW UDP 10.20.1.12 10.20.1.10 61002 123 0 - - - - - - - SEND' \
	'2016-03-15 08:12:44 DROP UDP 10.20.1.255 10.20.1.12 138 138 229 - - - - - - - RECEIVE' \
	'2016-03-15 09:20:31 ALLOW TCP 10.200.0.5 10.20.1.12 51390 3389 0 - 0 0 0 - - - RECEIVE' \
	'2016-03-15 09:22:05 ALLOW TCP 10.20.1.12 10.20.1.21 50712 445 0 - 0 0 0 - - - SEND' \
	'2016-03-15 09:40:12 ALLOW TCP 10.20.1.12 10.20.1.10 50801 389 0 - 0 0 0 - - - SEND' \
	'2016-03-15 10:02:47 ALLOW ICMP 10.200.0.20 10.20.1.12 - - 60 - - - - 8 0 - RECEIVE' \
	> web01/Windows/System32/LogFiles/Firewall/pfirewall.log

cat > web01/Windows/Security.jsonl <<'EOF'
{"TimeCreated":"2016-03-15T09:20:32.118Z","Computer":"WEB01.contoso.local","Channel":"Security","EventID":4624,"TargetUserName":"jbrown","TargetDomainName":"CONTOSO","LogonType":10,"LogonProcessName":"User32","AuthenticationPackageName":"Negotiate","WorkstationName":"JUMP01","IpAddress":"10.200.0.5","IpPort":"51390"}
{"TimeCreated":"2016-03-15T09:24:10.442Z","Computer":"WEB01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Tools\\Sysinternals\\procdump64.exe","CommandLine":"procdump64.exe -accepteula -ma w3wp.exe C:\\Dumps\\w3wp-intranet-ticket4471.dmp","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T09:30:02.915Z","Computer":"WEB01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Windows\\System32\\inetsrv\\appcmd.exe","CommandLine":"appcmd recycle apppool /apppool.name:Intranet","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T09:33:47.260Z","Computer":"WEB01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Program Files\\7-Zip\\7z.exe","CommandLine":"\"C:\\Program Files\\7-Zip\\7z.exe\" a -t7z D:\\Archive\\iislogs-2016-02.7z C:\\inetpub\\logs\\LogFiles\\W3SVC1\\u_ex1602*.log","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T09:36:05.004Z","Computer":"WEB01.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"jbrown","NewProcessName":"C:\\Windows\\System32\\robocopy.exe","CommandLine":"robocopy D:\\Archive \\\\nas01\\backup\\web01\\iislogs iislogs-2016-02.7z /MOV /R:1 /W:1","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-15T09:38:40.771Z","Computer":"WEB01.contoso.local","Channel":"Security","EventID":4634,"TargetUserName":"jbrown","TargetDomainName":"CONTOSO","LogonType":10}
EOF

# ---------------------------------------------------------------------------
# WS017: helpdesk TeamViewer sessions from the MSP's office (one pushes the
# Adobe Reader installer the user asked for).
mkdir -p ws017/TeamViewer
cat > ws017/TeamViewer/TeamViewer11_Logfile.log <<'EOF'
Start:              2016/03/14 08:55:12.402 (UTC+0:00)
Version:            11.0.56083 (32-bit)
ID:                 731482905
Loglevel:           Info
License:            10000
Server:             master12.teamviewer.com
IC:                 -1290315776
CPU:                Intel64 Family 6 Model 60 Stepping 3, GenuineIntel
OS:                 Win_6.1.7601_W (64-bit)
IP:                 10.20.1.117
Proxy-Settings:     Type=1 IP= User=
AppPath:            C:\Program Files (x86)\TeamViewer\TeamViewer_Service.exe
UserAccount:        SYSTEM

2016/03/14 08:55:13.610  1820       1864 S0   CServiceProcess::Run: ServiceMain started
2016/03/14 08:55:15.042  1820       1864 S0   Connecting to endpoint 178.77.120.100:5938
2016/03/14 08:55:15.733  1820       2012 S0   KeepAliveSessionIncoming::OnConnected(): keepalive session established
2016/03/14 10:02:40.118  1820       2208 S0   UDPv4: punch received a=198.51.100.23:55112: (*)
2016/03/14 10:02:40.391  3304       3340 D3   SessionManagerDesktop::IncomingConnection: Connection incoming, sessionID = -1903211422
2016/03/14 10:02:43.920  3304       3340 D3   CParticipantManagerBase participant Northwind Helpdesk - Sam (ID [904112387,-1903211422]) was added with the role 3
2016/03/14 10:02:43.921  3304       3340 D3   New Participant added in CParticipantManager Northwind Helpdesk - Sam (ID [904112387,-1903211422])
2016/03/14 10:04:12.500  3304       3412 D3   CDesktopSession::SetCurrentMonitor: 0
2016/03/14 10:11:07.210  3304       3470 D3   Write file C:\Users\mwilson\Downloads\AcroRdrDC1501020056_en_US.exe
2016/03/14 10:11:09.004  3304       3470 D3   Download from "\\HELPDESK\installers\AcroRdrDC1501020056_en_US.exe" to "C:\Users\mwilson\Downloads\AcroRdrDC1501020056_en_US.exe" (1.24 MB)
2016/03/14 10:24:31.886  3304       3340 D3!  CPersistentParticipantManager::RemoveParticipant: session ended
2016/03/14 10:24:31.902  1820       2208 S0   CGatewayClient::Close: connection closed
2016/03/16 14:31:02.400  1820       2208 S0   UDPv4: punch received a=198.51.100.23:60218: (*)
2016/03/16 14:31:02.781  3304       3340 D3   SessionManagerDesktop::IncomingConnection: Connection incoming, sessionID = -1903211399
2016/03/16 14:31:05.117  3304       3340 D3   CParticipantManagerBase participant Northwind Helpdesk - Priya (ID [904112390,-1903211399]) was added with the role 3
2016/03/16 14:31:05.118  3304       3340 D3   New Participant added in CParticipantManager Northwind Helpdesk - Priya (ID [904112390,-1903211399])
2016/03/16 14:39:50.002  3304       3412 D3   CDesktopSession::SetCurrentMonitor: 1
2016/03/16 14:47:18.660  3304       3340 D3!  CPersistentParticipantManager::RemoveParticipant: session ended
EOF
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\r\n' \
	904112387 'Northwind Helpdesk - Sam' '14-03-2016 10:02:40' '14-03-2016 10:24:31' mwilson RemoteControl '{6E1C2B0A-4D3F-4C9E-9B21-0A7D5E3F8C14}' \
	904112390 'Northwind Helpdesk - Priya' '16-03-2016 14:31:02' '16-03-2016 14:47:18' mwilson RemoteControl '{A2F04C61-9E7B-4D10-8C3A-5B6E1F2D7A93}' \
	> ws017/TeamViewer/Connections_incoming.txt

# ---------------------------------------------------------------------------
# WS022: AnyDesk rolled out by the MSP for unattended support, then a
# support session from the helpdesk.
mkdir -p ws022/AnyDesk ws022/Windows
cat > ws022/Windows/Security.jsonl <<'EOF'
{"TimeCreated":"2016-03-16T08:30:11.045Z","Computer":"WS022.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"WS022$","NewProcessName":"C:\\Windows\\Temp\\nwdeploy\\AnyDesk.exe","CommandLine":"\"C:\\Windows\\Temp\\nwdeploy\\AnyDesk.exe\" --install \"C:\\Program Files (x86)\\AnyDesk\" --start-with-win --silent --create-shortcuts","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
{"TimeCreated":"2016-03-16T08:30:19.512Z","Computer":"WS022.contoso.local","Channel":"Security","EventID":4688,"SubjectUserName":"WS022$","NewProcessName":"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe","CommandLine":"\"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe\" --set-password","ParentProcessName":"C:\\Windows\\System32\\cmd.exe"}
EOF
cat > ws022/AnyDesk/ad_svc.trace <<'EOF'
* * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * *
   info 2016-03-16 08:30:21.004       gsvc   2216   2220    1                             main - * AnyDesk Windows Service 2.3.4 started.
   info 2016-03-16 08:30:21.751       gsvc   2216   2220    1                      service.main - New user data. Client-ID: 624390117 (FPR: 9b1e4c70a2d3).
   info 2016-03-16 08:30:24.102       gsvc   2216   2790   11                 anynet.relay_conn - Connecting to relay 5a1c0e3f (relay-5a1c0e3f.net.anydesk.com:443).
   info 2016-03-16 11:14:02.330       gsvc   2216   2790   11                 anynet.any_socket - Accept request from 852963741 (via relay).
   info 2016-03-16 11:14:02.911       gsvc   2216   2790   28                 anynet.any_socket - Client-ID: 852963741 (FPR: 0c4d7a2e9f18).
   info 2016-03-16 11:14:02.912       gsvc   2216   2790   28                 anynet.any_socket - Logged in from 198.51.100.23:51234 on relay 5a1c0e3f.
   info 2016-03-16 11:14:03.040       gsvc   2216   3012   31               app.backend_session - Incoming session request: NORTHWIND\priya (852963741)
   auth 2016-03-16 11:14:09.700       gsvc   2216   3012   75                       app.session - 3: Authenticated by local user.
   info 2016-03-16 11:14:09.701       gsvc   2216   3012   75                       app.session - Accepting the connect request.
   info 2016-03-16 11:31:55.280       gsvc   2216   3012   75                       app.session - Session stopped.
   info 2016-03-17 15:02:40.006       gsvc   2216   2790   11                 anynet.any_socket - Accept request from 852963741 (via relay).
   info 2016-03-17 15:02:40.590       gsvc   2216   2790   28                 anynet.any_socket - Logged in from 198.51.100.23:49810 on relay 5a1c0e3f.
   info 2016-03-17 15:02:40.702       gsvc   2216   3012   31               app.backend_session - Incoming session request: NORTHWIND\priya (852963741)
   auth 2016-03-17 15:02:41.118       gsvc   2216   3012   75                       app.session - 3: Authenticated by password.
   info 2016-03-17 15:02:41.119       gsvc   2216   3012   75                       app.session - Accepting the connect request.
   info 2016-03-17 15:10:12.664       gsvc   2216   3012   75                       app.session - Session stopped.
EOF
cat > ws022/AnyDesk/connection_trace.txt <<'EOF'
Incoming    2016-03-16, 11:14    User    852963741    624390117
Incoming    2016-03-17, 15:02    Passwd    852963741    624390117
EOF

# ---------------------------------------------------------------------------
# LNX01: an Ubuntu web server; admins come in with keys from the jump host.
mkdir -p lnx01/var/log lnx01/home/admin lnx01/home/ops
cat > lnx01/var/log/auth.log <<'EOF'
Mar 14 08:02:11 lnx01 sshd[2211]: Accepted publickey for admin from 10.200.0.5 port 50122 ssh2: RSA SHA256:Xc3kq0m9VbT1yH2uL7rE4pA8sD6fG5jN1wZ0oQ3iK2M
Mar 14 08:02:11 lnx01 sshd[2211]: pam_unix(sshd:session): session opened for user admin by (uid=0)
Mar 14 08:02:11 lnx01 systemd-logind[612]: New session 41 of user admin.
Mar 14 08:03:40 lnx01 sudo:    admin : TTY=pts/0 ; PWD=/home/admin ; USER=root ; COMMAND=/usr/bin/apt-get update
Mar 14 08:03:40 lnx01 sudo: pam_unix(sudo:session): session opened for user root by admin(uid=0)
Mar 14 08:04:02 lnx01 sudo: pam_unix(sudo:session): session closed for user root
Mar 14 08:04:55 lnx01 sudo:    admin : TTY=pts/0 ; PWD=/home/admin ; USER=root ; COMMAND=/usr/bin/apt-get upgrade -y
Mar 14 08:04:55 lnx01 sudo: pam_unix(sudo:session): session opened for user root by admin(uid=0)
Mar 14 08:09:31 lnx01 sudo: pam_unix(sudo:session): session closed for user root
Mar 14 08:10:02 lnx01 sudo:    admin : TTY=pts/0 ; PWD=/home/admin ; USER=root ; COMMAND=/bin/systemctl restart nginx
Mar 14 08:11:20 lnx01 sudo:    admin : TTY=pts/0 ; PWD=/home/admin ; USER=root ; COMMAND=/usr/bin/tail -n 200 /var/log/auth.log
Mar 14 08:12:45 lnx01 sudo:    admin : TTY=pts/0 ; PWD=/home/admin ; USER=root ; COMMAND=/bin/grep Accepted /var/log/auth.log
Mar 14 08:17:01 lnx01 CRON[2398]: pam_unix(cron:session): session opened for user root by (uid=0)
Mar 14 08:17:01 lnx01 CRON[2398]: pam_unix(cron:session): session closed for user root
Mar 14 08:20:13 lnx01 sshd[2211]: Received disconnect from 10.200.0.5 port 50122:11: disconnected by user
Mar 14 08:20:13 lnx01 sshd[2211]: pam_unix(sshd:session): session closed for user admin
Mar 15 02:55:40 lnx01 sshd[3107]: Accepted publickey for admin from 10.200.0.5 port 50901 ssh2: RSA SHA256:Xc3kq0m9VbT1yH2uL7rE4pA8sD6fG5jN1wZ0oQ3iK2M
Mar 15 02:55:40 lnx01 sshd[3107]: pam_unix(sshd:session): session opened for user admin by (uid=0)
Mar 15 02:56:02 lnx01 sudo:    admin : TTY=pts/0 ; PWD=/home/admin ; USER=root ; COMMAND=/bin/cp /tmp/contoso.conf /etc/nginx/sites-available/contoso.conf
Mar 15 02:56:20 lnx01 sudo:    admin : TTY=pts/0 ; PWD=/home/admin ; USER=root ; COMMAND=/usr/sbin/nginx -t
Mar 15 02:56:31 lnx01 sudo:    admin : TTY=pts/0 ; PWD=/home/admin ; USER=root ; COMMAND=/bin/systemctl reload nginx
Mar 15 03:02:18 lnx01 sshd[3107]: Received disconnect from 10.200.0.5 port 50901:11: disconnected by user
Mar 16 10:05:02 lnx01 sshd[4390]: Accepted publickey for ops from 10.200.0.5 port 52218 ssh2: ED25519 SHA256:p7Rk2vQe9LxN4cW1bJ8sT0hY6uA3mF5dG2zK9oI1nE4
Mar 16 10:05:02 lnx01 sshd[4390]: pam_unix(sshd:session): session opened for user ops by (uid=0)
Mar 16 10:11:40 lnx01 sudo:      ops : TTY=pts/1 ; PWD=/home/ops ; USER=root ; COMMAND=/usr/sbin/useradd -m -s /bin/bash deploy
Mar 16 10:11:40 lnx01 useradd[4402]: new group: name=deploy, GID=1001
Mar 16 10:11:40 lnx01 useradd[4402]: new user: name=deploy, UID=1001, GID=1001, home=/home/deploy, shell=/bin/bash
Mar 16 10:12:03 lnx01 sudo:      ops : TTY=pts/1 ; PWD=/home/ops ; USER=root ; COMMAND=/usr/bin/passwd deploy
Mar 16 10:12:09 lnx01 passwd[4410]: pam_unix(passwd:chauthtok): password changed for deploy
Mar 16 10:12:30 lnx01 sudo:      ops : TTY=pts/1 ; PWD=/home/ops ; USER=root ; COMMAND=/usr/sbin/usermod -aG www-data deploy
Mar 16 10:12:30 lnx01 usermod[4415]: add 'deploy' to group 'www-data'
Mar 16 10:12:30 lnx01 usermod[4415]: add 'deploy' to shadow group 'www-data'
Mar 16 10:13:02 lnx01 sudo:      ops : TTY=pts/1 ; PWD=/home/ops ; USER=root ; COMMAND=/usr/bin/chage -l deploy
Mar 16 10:20:44 lnx01 sudo:      ops : TTY=pts/1 ; PWD=/home/ops ; USER=root ; COMMAND=/bin/tar czf /backup/etc-lnx01-20160316.tar.gz /etc
Mar 16 10:25:10 lnx01 sshd[4390]: Received disconnect from 10.200.0.5 port 52218:11: disconnected by user
Mar 17 23:59:01 lnx01 CRON[5120]: pam_unix(cron:session): session opened for user root by (uid=0)
EOF
cat > lnx01/var/log/syslog <<'EOF'
Mar 14 06:25:01 lnx01 CRON[1990]: (root) CMD (test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily ))
Mar 14 06:25:04 lnx01 rsyslogd: [origin software="rsyslogd" swVersion="7.4.4" x-pid="702" x-info="http://www.rsyslog.com"] rsyslogd was HUPed
Mar 14 08:05:12 lnx01 kernel: [1209931.550212] audit: type=1400 audit(1457942712.550:41): apparmor="STATUS" operation="profile_replace" name="/usr/sbin/tcpdump" pid=2301 comm="apparmor_parser"
Mar 14 08:10:02 lnx01 systemd[1]: Stopping A high performance web server and a reverse proxy server...
Mar 14 08:10:02 lnx01 systemd[1]: Started A high performance web server and a reverse proxy server.
Mar 14 08:15:01 lnx01 CRON[2380]: (root) CMD (curl -fsS -m 10 --retry 5 -o /dev/null https://hc-ping.com/3c1f0b6e-52d4-4a8e-9f0a-1b7e6d2c9a40)
Mar 14 08:17:01 lnx01 CRON[2398]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)
Mar 14 23:30:01 lnx01 CRON[2841]: (root) CMD (/usr/local/bin/backup-www.sh > /var/log/backup-www.log 2>&1)
Mar 14 23:30:02 lnx01 backup-www.sh: rsync -a --delete /srv/www/ backup@10.20.1.40:/backup/lnx01/www/
Mar 14 23:31:47 lnx01 backup-www.sh: done, 1842 files, 212M transferred
Mar 15 02:56:31 lnx01 systemd[1]: Reloading A high performance web server and a reverse proxy server.
Mar 15 02:56:31 lnx01 systemd[1]: Reloaded A high performance web server and a reverse proxy server.
Mar 15 06:25:01 lnx01 CRON[3301]: (root) CMD (test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily ))
Mar 15 06:52:11 lnx01 unattended-upgrade: Packages that will be upgraded: libssl1.0.0 openssl
Mar 15 06:52:40 lnx01 unattended-upgrade: All upgrades installed
Mar 15 08:15:01 lnx01 CRON[3410]: (root) CMD (curl -fsS -m 10 --retry 5 -o /dev/null https://hc-ping.com/3c1f0b6e-52d4-4a8e-9f0a-1b7e6d2c9a40)
Mar 15 23:30:01 lnx01 CRON[3890]: (root) CMD (/usr/local/bin/backup-www.sh > /var/log/backup-www.log 2>&1)
Mar 16 10:11:40 lnx01 systemd[1]: Created slice User Slice of deploy.
Mar 17 04:02:00 lnx01 logrotate: ALERT exited abnormally with [1]
Mar 17 23:59:01 lnx01 CRON[5120]: (root) CMD (/usr/sbin/logrotate /etc/logrotate.conf)
EOF
cat > lnx01/home/admin/.bash_history <<'EOF'
#1457942600
sudo apt-get update
#1457942695
sudo apt-get upgrade -y
#1457943000
systemctl status nginx
#1457943002
sudo systemctl restart nginx
#1457943040
tail -f /var/log/syslog
#1457943080
sudo tail -n 200 /var/log/auth.log
#1457943165
sudo grep Accepted /var/log/auth.log
#1457943200
df -h
#1457943215
du -sh /var/log/* | sort -h | tail
#1458010562
sudo cp /tmp/contoso.conf /etc/nginx/sites-available/contoso.conf
#1458010580
sudo nginx -t
#1458010591
sudo systemctl reload nginx
#1458010620
curl -sI https://intranet.contoso.local/ | head -1
#1458010700
history | grep nginx
#1458010738
exit
EOF
cat > lnx01/home/ops/.bash_history <<'EOF'
#1458122700
sudo useradd -m -s /bin/bash deploy
#1458122723
sudo passwd deploy
#1458122750
sudo usermod -aG www-data deploy
#1458122782
sudo chage -l deploy
#1458122800
ls -l /etc/passwd /etc/shadow
#1458122900
crontab -l
#1458122910
sudo crontab -l
#1458123244
sudo tar czf /backup/etc-lnx01-20160316.tar.gz /etc
#1458123260
ls -lh /backup/
#1458123300
rsync -a --delete /srv/www/ backup@10.20.1.40:/backup/lnx01/www/ --dry-run
#1458123310
exit
EOF

# ---------------------------------------------------------------------------
# client-b.tar.gz: another client's collection, autumn 2015, as an MSP would
# receive it: a TeamViewer log and an auth.log of a jump server.
mkdir -p cb/b-ws031/TeamViewer cb/b-lnx02/var/log
cat > cb/b-ws031/TeamViewer/TeamViewer10_Logfile.log <<'EOF'
Start:              2015/11/23 09:01:44.017 (UTC+1:00)
Version:            10.0.47484 (32-bit)
ID:                 566201934
Loglevel:           Info
License:            10000
Server:             master9.teamviewer.com
OS:                 Win_6.1.7601_W (64-bit)
IP:                 10.30.4.31
AppPath:            C:\Program Files (x86)\TeamViewer\TeamViewer_Service.exe
UserAccount:        SYSTEM

2015/11/23 09:01:45.220  1640       1688 S0   CServiceProcess::Run: ServiceMain started
2015/11/23 13:40:09.880  1640       1972 S0   UDPv4: punch received a=198.51.100.23:52001: (*)
2015/11/23 13:40:10.104  2944       2980 D3   SessionManagerDesktop::IncomingConnection: Connection incoming, sessionID = -1711264003
2015/11/23 13:40:12.557  2944       2980 D3   CParticipantManagerBase participant Northwind Helpdesk - Sam (ID [904112387,-1711264003]) was added with the role 3
2015/11/23 13:40:12.558  2944       2980 D3   New Participant added in CParticipantManager Northwind Helpdesk - Sam (ID [904112387,-1711264003])
2015/11/23 13:52:30.004  2944       3100 D3   Write file C:\Users\lgarcia\Desktop\printer-settings.pdf
2015/11/23 13:58:41.330  2944       2980 D3!  CPersistentParticipantManager::RemoveParticipant: session ended
EOF
cat > cb/b-lnx02/var/log/auth.log <<'EOF'
Nov 30 21:00:03 b-lnx02 sshd[8812]: Accepted publickey for backup from 10.30.4.40 port 41022 ssh2: RSA SHA256:Hq8mN3vB6cX1zL4kJ7gF2dS9aP0oI5uY8tR3eW6qZ1A
Dec  1 09:14:20 b-lnx02 sshd[9011]: Accepted publickey for admin from 10.200.0.5 port 50330 ssh2: RSA SHA256:Xc3kq0m9VbT1yH2uL7rE4pA8sD6fG5jN1wZ0oQ3iK2M
Dec  1 09:15:02 b-lnx02 sudo:    admin : TTY=pts/0 ; PWD=/home/admin ; USER=root ; COMMAND=/usr/bin/apt-get dist-upgrade -y
Dec  1 09:31:48 b-lnx02 sudo:    admin : TTY=pts/0 ; PWD=/home/admin ; USER=root ; COMMAND=/sbin/reboot
Dec 31 23:59:01 b-lnx02 CRON[1201]: pam_unix(cron:session): session opened for user root by (uid=0)
EOF
find cb -type f -exec touch -d '2015-12-31 23:59:59' {} +
(cd cb && tar --owner=0 --group=0 --numeric-owner --mtime='2015-12-31 23:59:59' \
	-cf - b-ws031/TeamViewer/TeamViewer10_Logfile.log b-lnx02/var/log/auth.log) |
	gzip -n -9 > client-b.tar.gz
rm -rf cb

find . -type f ! -name client-b.tar.gz -exec touch -d '2016-03-19 00:00:00' {} +
touch -d '2016-01-04 09:00:00' client-b.tar.gz
