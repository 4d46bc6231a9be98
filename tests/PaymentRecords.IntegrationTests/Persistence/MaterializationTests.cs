using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.Persistence;

namespace PaymentRecords.IntegrationTests.Persistence;

/// <summary>
/// The server's context registers no materialization interceptor: with one, EF Core builds every row of every query
/// through a dictionary of two compiled closures per column (a page of 100 invoices allocated 4.3 MB and took 20 ms).
/// Which rows a locking query returned is learned from ChangeTracker.Tracked instead (CommitRidesLastFlush; that it
/// still sees them is what keeps an update at two round trips in RoundTripTests).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class MaterializationTests(ServerFixture fixture)
{
    [Fact]
    public void The_server_context_has_no_materialization_interceptor()
    {
        using var scope = fixture.Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentRecordsDbContext>();
        var interceptors = db.GetService<IDbContextOptions>().Extensions
            .OfType<CoreOptionsExtension>().SelectMany(e => e.Interceptors ?? []).ToList();
        Assert.NotEmpty(interceptors);
        Assert.DoesNotContain(interceptors, i => i is IMaterializationInterceptor);
    }
}
