#!/usr/bin/env bash
# A real single-node Slurm (Debian's slurm-wlm 22.05, munge, slurmdbd on MariaDB for sacct) for the sweep tests.
#   bash .ci/slurm.sh install   # apt-get the packages (as root; about 40 s)
#   bash .ci/slurm.sh start     # write the configs, start munged, mariadbd, slurmdbd, slurmctld, slurmd; wait until the node is idle
#   bash .ci/slurm.sh stop      # stop every daemon it started
# Runs as root on a machine without systemd or cgroups (CI's and the developers'): the daemons are started by hand.
set -euo pipefail
HOST=$(hostname -s)
CPUS=$(nproc)
STATE=/var/lib/trmrl-slurm        # spool, state, logs, pid files: one place, removed by `stop`
DAEMONS=(slurmd slurmctld slurmdbd mariadbd munged)

install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends slurm-wlm munge slurmdbd mariadb-server >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends slurm-wlm munge slurmdbd mariadb-server >/dev/null; }
  echo "installed: $(sbatch --version), munge $(munged --version 2>&1 | head -1 | awk '{print $2}'), $(mariadbd --version | awk '{print $3}')"
}

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local n=$1 what=$2; shift 2
  for _ in $(seq "$((n * 5))"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "slurm.sh: $what did not come up within ${n}s" >&2; tail -n 20 "$STATE"/log/* 2>/dev/null >&2 || true; exit 1
}

start() {
  mkdir -p "$STATE"/{spool/ctld,spool/d,log,run} /run/munge /run/mysqld /etc/slurm
  chown -R slurm:slurm "$STATE"; chown munge:munge /run/munge; chown mysql:mysql /run/mysqld
  [ -f /etc/munge/munge.key ] || mungekey --create >/dev/null
  chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key
  runuser -u munge -- munged --force
  wait_for 10 munge sh -c 'munge -n | unmunge'

  [ -d /var/lib/mysql/mysql ] || mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
  (mariadbd --user=mysql --datadir=/var/lib/mysql --socket=/run/mysqld/mysqld.sock --skip-networking \
     --pid-file=/run/mysqld/mysqld.pid >"$STATE/log/mariadb.log" 2>&1 &)
  wait_for 30 mariadb mariadb -e 'select 1'
  mariadb -e "CREATE DATABASE IF NOT EXISTS slurm_acct_db; CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY 'slurm';
              GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost'; FLUSH PRIVILEGES;"

  cat >/etc/slurm/slurmdbd.conf <<EOF
AuthType=auth/munge
DbdHost=localhost
SlurmUser=slurm
LogFile=$STATE/log/slurmdbd.log
PidFile=$STATE/run/slurmdbd.pid
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageLoc=slurm_acct_db
StorageUser=slurm
StoragePass=slurm
StoragePort=3306
EOF
  chown slurm:slurm /etc/slurm/slurmdbd.conf; chmod 600 /etc/slurm/slurmdbd.conf

  cat >/etc/slurm/slurm.conf <<EOF
ClusterName=local
SlurmctldHost=$HOST
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmUser=slurm
SlurmdUser=root
StateSaveLocation=$STATE/spool/ctld
SlurmdSpoolDir=$STATE/spool/d
SlurmctldPidFile=$STATE/run/slurmctld.pid
SlurmdPidFile=$STATE/run/slurmd.pid
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd.log
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
JobAcctGatherType=jobacct_gather/none
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=10,bf_interval=5
MinJobAge=10
KillWait=10
NodeName=$HOST CPUs=$CPUS RealMemory=4000 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF

  slurmdbd
  wait_for 30 slurmdbd sacctmgr -n list cluster
  sacctmgr -i add cluster local >/dev/null 2>&1 || true
  slurmctld
  wait_for 30 slurmctld scontrol ping
  slurmd
  wait_for 30 "an idle node" sh -c "sinfo -h -o %t | grep -qx idle"
  echo "slurm up: $(sinfo -h -o '%P %D %c %t') on $HOST"
}

stop() {
  for d in "${DAEMONS[@]}"; do pkill -x "$d" 2>/dev/null || true; done
  running() { for d in "${DAEMONS[@]}"; do pgrep -x "$d" >/dev/null && return 0; done; return 1; }
  for _ in $(seq 50); do running || break; sleep 0.2; done
  for d in "${DAEMONS[@]}"; do pkill -9 -x "$d" 2>/dev/null || true; done
  rm -rf "$STATE"
  echo "slurm stopped"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  *) echo "usage: bash .ci/slurm.sh install|start|stop" >&2; exit 2 ;;
esac
