# The hub as the production shape runs it (docker-compose.yml): external PostgreSQL and Kafka.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /app
RUN useradd --system --uid 10001 hub
COPY --from=build /build/target/loyalty-hub-*.jar /app/loyalty-hub.jar
# routes and mappings stay files, so a system is added by mounting new ones
COPY routes /app/routes
COPY mappings /app/mappings
USER hub
EXPOSE 8080
ENV HUB_ROUTES_DIR=/app/routes HUB_MAPPINGS_DIR=/app/mappings HUB_EMBEDDED_ENABLED=false
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/loyalty-hub.jar"]
