using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Domain.Events;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.Persistence;
using PaymentRecords.Persistence.Outbox;

namespace PaymentRecords.IntegrationTests.Webhooks;

/// <summary>
/// The dispatcher is woken in process when events commit (no NOTIFY in the writing transaction): the signal must come
/// after the commit, never for a rolled-back transaction, and name the accounts whose events were written.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class OutboxSignalTests(ServerFixture fixture)
{
    private readonly List<OutboxCommit> _commits = [];

    private PaymentRecordsDbContext NewDb()
    {
        var signal = new OutboxSignal();
        signal.Listen(c => { lock (_commits) _commits.Add(c); });
        return new(new DbContextOptionsBuilder<PaymentRecordsDbContext>()
            .UseNpgsql(fixture.ConnectionString).UseSnakeCaseNamingConvention()
            .AddInterceptors(new OutboxCommitInterceptor(signal)).Options);
    }

    private static EventRecord Event(string account) => new()
    {
        AccountId = account,
        Id = "evt_outbox_" + Guid.NewGuid().ToString("N")[..16],
        Created = 1,
        Type = "customer.created",
        Data = new JsonObject { ["object"] = new JsonObject { ["id"] = "cus_x" } },
    };

    [Fact]
    public async Task Signals_after_commit_only_and_names_the_accounts()
    {
        await using var db = NewDb();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.Events.Add(Event("acct_outbox_a"));
            await db.SaveChangesAsync();
            db.Events.Add(Event("acct_outbox_b"));
            await db.SaveChangesAsync();
            Assert.Empty(_commits);
            await tx.CommitAsync();
        }
        var commit = Assert.Single(_commits);
        Assert.Equal(["acct_outbox_a", "acct_outbox_b"], commit.EventAccounts.Order());
        Assert.False(commit.EndpointsChanged);
    }

    [Fact]
    public async Task A_rolled_back_transaction_signals_nothing_and_is_forgotten()
    {
        await using var db = NewDb();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.Events.Add(Event("acct_outbox_rolled_back"));
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }
        Assert.Empty(_commits);
        db.ChangeTracker.Clear();

        // The next transaction on the same context signals only what it wrote itself.
        db.Events.Add(Event("acct_outbox_autocommit"));
        await db.SaveChangesAsync();
        Assert.Equal(["acct_outbox_autocommit"], Assert.Single(_commits).EventAccounts);
    }

    [Fact]
    public async Task Events_rolled_back_to_a_savepoint_are_forgotten_and_those_before_it_kept()
    {
        await using var db = NewDb();
        // As the request pipeline runs: no automatic savepoint around each SaveChanges.
        db.Database.AutoSavepointsEnabled = false;
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.Events.Add(Event("acct_outbox_before"));
            await db.SaveChangesAsync();
            await tx.CreateSavepointAsync("preview");
            db.Events.Add(Event("acct_outbox_undone"));
            await db.SaveChangesAsync();
            await tx.RollbackToSavepointAsync("preview");
            db.ChangeTracker.Clear();
            await tx.CommitAsync();
        }
        Assert.Equal(["acct_outbox_before"], Assert.Single(_commits).EventAccounts);

        // A savepoint rolled back with nothing before it: the commit signals nothing.
        _commits.Clear();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await tx.CreateSavepointAsync("preview");
            db.Events.Add(Event("acct_outbox_undone_alone"));
            await db.SaveChangesAsync();
            await tx.RollbackToSavepointAsync("preview");
            db.ChangeTracker.Clear();
            await tx.CommitAsync();
        }
        Assert.Empty(_commits);
    }
}
