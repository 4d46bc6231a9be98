using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using PaymentRecords.Persistence;
using PaymentRecords.Persistence.CompiledModel;

namespace PaymentRecords.UnitTests.Persistence;

/// <summary>
/// The server starts on the compiled model (src/PaymentRecords.Persistence/CompiledModel, made by
/// `scripts/ef-optimize`) instead of building the model from the configurations at start-up. A compiled model that
/// no longer matches the configurations would map entities wrongly at run time, so any difference fails here.
/// </summary>
public class CompiledModelTests
{
    [Fact]
    public void The_compiled_model_is_the_model_the_configurations_build()
    {
        var options = new DbContextOptionsBuilder<PaymentRecordsDbContext>()
            .UseNpgsql("Host=unused")
            .UseSnakeCaseNamingConvention()
            .Options;
        using var db = new PaymentRecordsDbContext(options);
        // The model EF builds from OnModelCreating when no compiled model is found (the same call EF makes then).
        var built = db.GetService<IModelSource>().GetModel(db, db.GetService<ModelCreationDependencies>(), designTime: false);

        Assert.NotSame(PaymentRecordsDbContextModel.Instance, built);
        var expected = built.ToDebugString(MetadataDebugStringOptions.LongDefault);
        var compiled = PaymentRecordsDbContextModel.Instance.ToDebugString(MetadataDebugStringOptions.LongDefault);
        Assert.True(expected == compiled,
            "The compiled model is stale: run scripts/ef-optimize and commit src/PaymentRecords.Persistence/CompiledModel.\n"
            + FirstDifference(expected, compiled));
    }

    private static string FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            if (a[i] != b[i]) return $"line {i + 1}: built `{a[i].Trim()}`, compiled `{b[i].Trim()}`";
        return $"built has {a.Length} lines, compiled {b.Length}";
    }
}
