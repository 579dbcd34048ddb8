# maskingproxy container image. Build: docker build -t maskingproxy .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends libpg-query-dev && rm -rf /var/lib/apt/lists/*
COPY . .
RUN dotnet publish src/Proxy -c Release -o /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# libpg_query is the PostgreSQL parser the rewriter calls; the -dev package is the one that ships the .so.
RUN apt-get update && apt-get install -y --no-install-recommends libpg-query-dev && rm -rf /var/lib/apt/lists/*
COPY --from=build /out /opt/maskingproxy
WORKDIR /etc/maskingproxy
USER 1000
ENTRYPOINT ["/opt/maskingproxy/maskingproxy"]
CMD ["run", "--config", "/etc/maskingproxy/maskingproxy.yaml"]
