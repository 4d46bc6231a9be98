using Npgsql;
using PaymentRecords.Api.Hosting;

namespace PaymentRecords.UnitTests.Hosting;

/// <summary>The request pool's defaults apply only to settings the operator's connection string leaves out.</summary>
public class ApiConnectionStringTests
{
    [Fact]
    public void Settings_left_out_get_the_defaults()
    {
        var b = new NpgsqlConnectionStringBuilder(ApiConnectionString.For("Host=db;Password=\"a;b\""));
        Assert.Equal((true, 128, 2, "a;b"), (b.NoResetOnClose, b.MaxAutoPrepare, b.AutoPrepareMinUsages, b.Password));
        Assert.Equal((1, 3, 1), (b.ConnectionPruningInterval, b.ConnectionIdleLifetime, b.MinPoolSize));
    }

    [Fact]
    public void A_written_pruning_interval_longer_than_the_default_lifetime_keeps_the_lifetime_valid()
    {
        // Npgsql refuses an idle lifetime shorter than the pruning interval.
        var b = new NpgsqlConnectionStringBuilder(ApiConnectionString.For("Host=db;Connection Pruning Interval=10"));
        Assert.Equal((10, 10), (b.ConnectionPruningInterval, b.ConnectionIdleLifetime));
        using var source = NpgsqlDataSource.Create(b.ConnectionString);
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false;Max Auto Prepare=0;Auto Prepare Min Usages=5;Connection Idle Lifetime=300;Connection Pruning Interval=10;Minimum Pool Size=0")]
    [InlineData("Host=db;noresetonclose=false;MAXAUTOPREPARE=0;AutoPrepareMinUsages=5;connectionidlelifetime=300;ConnectionPruningInterval=10;minpoolsize=0")]
    public void A_setting_the_operator_wrote_wins_in_any_spelling(string configured)
    {
        var b = new NpgsqlConnectionStringBuilder(ApiConnectionString.For(configured));
        Assert.Equal((false, 0, 5, 300, 10, 0),
            (b.NoResetOnClose, b.MaxAutoPrepare, b.AutoPrepareMinUsages, b.ConnectionIdleLifetime, b.ConnectionPruningInterval, b.MinPoolSize));
    }

    [Theory]
    [InlineData("Host=db;Pooling=false")]
    [InlineData("Host=db;Minimum Pool Size=4;Maximum Pool Size=4")]
    public void The_defaults_keep_a_connection_string_Npgsql_accepts(string configured)
    {
        using var source = NpgsqlDataSource.Create(ApiConnectionString.For(configured)!);
        Assert.NotNull(source);
    }

    [Fact]
    public void No_connection_string_stays_none() => Assert.Null(ApiConnectionString.For(null));
}
