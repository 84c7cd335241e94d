#!/bin/sh
# Builds a JDK 25 AOT cache (JEP 483/514) for mpp-census and prints how to start the crawler with it.
#
#   SPRING_DATASOURCE_URL=jdbc:postgresql://HOST/SCRATCH_DB scripts/aot-cache.sh [JAR] [DIR]
#   (defaults: target/mpp-census.jar, target/aot)
#
# The cache only holds classes on the plain class path, not inside Spring Boot's nested jar, so the jar
# is first extracted into DIR (DIR/mpp-census.jar + DIR/lib). A training run then scans one domain
# against a refused local port: that loads and links what start-up needs (Spring, Flyway, Hibernate,
# Batch, the JDBC driver), and the JVM keeps it in DIR/mpp-census.aot. The training run writes a run
# named aot-training-* into the database, so point SPRING_DATASOURCE_URL at a scratch database. It must
# not train on the embedded PostgreSQL: its sealed xz jar makes the cache fail the JVM at start-up.
# Rebuild the cache whenever the jar or the JDK changes; a stale or missing cache only prints
# [error][aot] lines and the JVM starts without it.
set -eu
: "${SPRING_DATASOURCE_URL:?point SPRING_DATASOURCE_URL at a scratch PostgreSQL database}"
jar=${1:-target/mpp-census.jar}
dir=${2:-target/aot}
java -Djarmode=tools -jar "$jar" extract --force --destination "$dir"
train=$(mktemp -d)
trap 'rm -rf "$train"' EXIT
echo "aot-training.invalid" > "$train/list.txt"
java -XX:AOTCacheOutput="$dir/mpp-census.aot" -jar "$dir/mpp-census.jar" scan "$train/list.txt" \
    --list-name "aot-training-$(date +%s)" --connect-to ::127.0.0.1:1 --retries 0 > "$train/out.txt"
echo "AOT cache written. Start the crawler with:"
echo "  java -XX:AOTCache=$dir/mpp-census.aot -jar $dir/mpp-census.jar COMMAND ..."
