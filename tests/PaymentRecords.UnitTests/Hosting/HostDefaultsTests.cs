using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaymentRecords.Api.Hosting;

namespace PaymentRecords.UnitTests.Hosting;

/// <summary>Changes the process's working directory: runs alone, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkingDirectoryCollection
{
    public const string Name = "working directory";
}

/// <summary>The host's defaults do not depend on the folder the process was started from.</summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class HostDefaultsTests
{
    [Fact]
    public async Task Content_root_is_the_application_folder_and_request_logs_stay_below_information()
    {
        var started = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(Path.GetTempPath());
        WebApplication app;
        try
        {
            app = PaymentRecordsApp.Build(["--ConnectionStrings:Postgres=Host=127.0.0.1;Port=1"]);
        }
        finally
        {
            Directory.SetCurrentDirectory(started);
        }

        await using var _ = app;

        Assert.Equal(
            Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory),
            Path.TrimEndingDirectorySeparator(app.Environment.ContentRootPath));
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.False(loggers.CreateLogger("Microsoft.EntityFrameworkCore.Database.Command").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Startup").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public async Task Configuration_still_overrides_the_logging_defaults()
    {
        await using var app = PaymentRecordsApp.Build(
            ["--ConnectionStrings:Postgres=Host=127.0.0.1;Port=1", "--Logging:LogLevel:Microsoft.AspNetCore=Information"]);

        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        Assert.True(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
    }
}
