# Multi-stage build of the PaymentRecords API. Not exercised in CI (no Docker engine there).
#   docker build -t paymentrecords .
#   docker run -p 12111:12111 -e ConnectionStrings__Postgres="Host=...;Database=paymentrecords" paymentrecords
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1

# Build settings first (they change rarely), then the production projects.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
# The Api embeds the Stripe spec for Swagger UI's descriptions (src/PaymentRecords.Api/Hosting/SpecDescriptions.cs).
COPY spec/spec3.subset.json spec/
RUN dotnet restore src/PaymentRecords.Api/PaymentRecords.Api.csproj
RUN dotnet publish src/PaymentRecords.Api/PaymentRecords.Api.csproj \
      -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://0.0.0.0:12111
# A 4 MB gen0 budget for the workstation GC (environment only; PaymentRecords.Api.csproj says why).
ENV DOTNET_GCgen0size=0x400000
# Two glibc malloc arenas instead of one per thread (the same csproj comment says why).
ENV MALLOC_ARENA_MAX=2
EXPOSE 12111
# Non-root user shipped with the .NET images.
USER $APP_UID
ENTRYPOINT ["dotnet", "PaymentRecords.Api.dll"]
