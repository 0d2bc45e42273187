#!/bin/sh
# ctest runner of the Java test: compile, start the fake provider, run, stop it.
# usage: run_java_test.sh JAVAC JAVA LIBDIR FAKE_PROVIDER SOURCE_DIR WORK_DIR
set -e
JAVAC=$1 JAVA=$2 LIBDIR=$3 FAKE=$4 SRC=$5 WORK=$6
rm -rf "$WORK" && mkdir -p "$WORK/classes" "$WORK/data"
"$JAVAC" -d "$WORK/classes" "$SRC/mobile/jni/java/com/writemagic/WriteMagic.java" \
  "$SRC/mobile/jni/java/com/writemagic/core/WriteMagicCore.java" \
  "$SRC/tests/mobile/java/WriteMagicJavaTest.java"
"$FAKE" --port 0 --print-port > "$WORK/port" 2>/dev/null &
FPID=$!
trap 'kill $FPID 2>/dev/null' EXIT
while [ ! -s "$WORK/port" ]; do sleep 0.1; done
"$JAVA" -Djava.library.path="$LIBDIR" -cp "$WORK/classes" WriteMagicJavaTest \
  "$(head -1 "$WORK/port")" "$WORK/data"
