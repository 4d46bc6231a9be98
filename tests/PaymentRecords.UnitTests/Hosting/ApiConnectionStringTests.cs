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
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false;Max Auto Prepare=0;Auto Prepare Min Usages=5")]
    [InlineData("Host=db;noresetonclose=false;MAXAUTOPREPARE=0;AutoPrepareMinUsages=5")]
    public void A_setting_the_operator_wrote_wins_in_any_spelling(string configured)
    {
        var b = new NpgsqlConnectionStringBuilder(ApiConnectionString.For(configured));
        Assert.Equal((false, 0, 5), (b.NoResetOnClose, b.MaxAutoPrepare, b.AutoPrepareMinUsages));
    }

    [Fact]
    public void No_connection_string_stays_none() => Assert.Null(ApiConnectionString.For(null));
}
