@echo off
rem The project's launcher on Windows, as ./d2l is elsewhere: runs d2l.jar when it is beside this file,
rem else builds the runtime with the Maven wrapper (Maven skips what is up to date) and runs the d2l
rem command line from target\classes. Needs only a JDK 17 or newer. Either way d2l.cli.Main starts
rem itself again with --add-modules=jdk.incubator.vector and %D2L_JAVA_OPTS%, and hides the JVM's
rem warning about that incubator module.
setlocal
if exist "%~dp0d2l.jar" goto jar

cd /d "%~dp0"
call "%~dp0mvnw.cmd" -q -DskipTests compile 1>&2
if errorlevel 1 (
  echo d2l: the build failed; see the messages above 1>&2
  exit /b 1
)
set "classpath="
for /f "usebackq delims=" %%c in ("%~dp0target\classpath.txt") do set "classpath=%%c"
java -cp "%~dp0target\classes;%classpath%" d2l.cli.Main %*
exit /b %ERRORLEVEL%

:jar
java -jar "%~dp0d2l.jar" %*
exit /b %ERRORLEVEL%
