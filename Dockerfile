# Postern in a container: built from this repository, run as an unprivileged user.
# docker-compose.yml starts it beside PostgreSQL; README.md explains the settings.

FROM eclipse-temurin:25-jdk AS build
# Node and npm build the browser code in frontend/ (esbuild).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q -ntp dependency:go-offline
COPY frontend/package.json frontend/package-lock.json frontend/build.mjs frontend/
COPY frontend/src/ frontend/src/
COPY frontend/test/ frontend/test/
COPY db/ db/
COPY src/ src/
RUN ./mvnw -B -q -ntp package -DskipTests && cp target/postern-*.jar /src/postern.jar

FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 postern \
 && useradd --system --uid 10001 --gid postern --home-dir /var/lib/postern --create-home postern
COPY --from=build /src/postern.jar /opt/postern/postern.jar
USER postern
WORKDIR /var/lib/postern
ENV POSTERN_DATA_DIR=/var/lib/postern/data \
    POSTERN_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/postern/postern.jar"]
