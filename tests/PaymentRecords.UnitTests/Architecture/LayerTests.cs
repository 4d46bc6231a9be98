using System.Reflection;
using NetArchTest.Rules;
using PaymentRecords.Application;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Persistence;

namespace PaymentRecords.UnitTests.Architecture;

/// <summary>
/// The arrows between the layers (docs/architecture.md): Domain ← Application ← Persistence, and the Api (host,
/// endpoints, wire) on top. Each rule names the namespaces a layer must not reach; a failure lists the types that do.
/// Rules the code does not keep yet list the types that still break them (docs/architecture.md says what stands in
/// the way): the list can only shrink. A new type that breaks such a rule fails the test, and so does a listed type
/// that no longer breaks it (take it off the list).
/// </summary>
public class LayerTests
{
    private static readonly Assembly Domain = typeof(Invoice).Assembly;
    private static readonly Assembly App = ApplicationLayer.Assembly;
    private static readonly Assembly Persistence = typeof(PaymentRecordsDbContext).Assembly;
    private static readonly Assembly Api = typeof(global::PaymentRecords.Api.Pipeline.RequestScope).Assembly;

    private const string AspNet = "Microsoft.AspNetCore";
    private const string EfCore = "Microsoft.EntityFrameworkCore";
    private const string Npgsql = "Npgsql";
    private const string ApiNamespace = "PaymentRecords.Api";
    private const string ApplicationNamespace = "PaymentRecords.Application";
    private const string PersistenceNamespace = "PaymentRecords.Persistence";
    private const string DomainNamespace = "PaymentRecords.Domain";
    private const string WireNamespace = "PaymentRecords.Api.Wire";

    [Fact]
    public void Domain_references_no_framework_and_no_outer_layer() =>
        AssertNone(Types.InAssembly(Domain), AspNet, EfCore, Npgsql, ApiNamespace, ApplicationNamespace, PersistenceNamespace);

    [Fact]
    public void Application_references_no_aspnet_no_ef_core_and_neither_the_api_nor_persistence() =>
        AssertNone(Types.InAssembly(App), AspNet, EfCore, Npgsql, ApiNamespace, PersistenceNamespace);

    [Fact]
    public void Persistence_references_no_aspnet_and_not_the_api() =>
        AssertNone(Types.InAssembly(Persistence), AspNet, ApiNamespace);

    [Fact]
    public void The_wire_layer_references_no_persistence() =>
        AssertNone(Types.InAssembly(Api).That().ResideInNamespace(WireNamespace), PersistenceNamespace, EfCore, Npgsql);


    [Fact]
    public void The_wire_layer_references_no_domain() =>
        AssertNone(Types.InAssembly(Api).That().ResideInNamespace(WireNamespace), DomainNamespace);

    [Fact]
    public void Endpoints_do_not_use_the_db_context() =>
        AssertNone(Types.InAssembly(Api).That().DoNotResideInNamespace("PaymentRecords.Api.Hosting")
            .And().DoNotResideInNamespace("PaymentRecords.Api.Pipeline"), DataAccess);

    /// <summary>
    /// Reaching the database: our DbContext's sets, and EF Core's own members a type could use instead (<c>Set&lt;T&gt;()</c>,
    /// <c>Database</c>, raw SQL). Running a query Persistence built (<c>ToListAsync</c> of a keyset page) is not on the list.
    /// </summary>
    private static readonly string[] DataAccess =
    [
        typeof(PaymentRecordsDbContext).FullName!, "Microsoft.EntityFrameworkCore.DbContext", "Microsoft.EntityFrameworkCore.DbSet",
        "Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade", "Microsoft.EntityFrameworkCore.RelationalQueryableExtensions",
        "Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions",
    ];

    /// <summary>The rules above can fail: the Api does reach ASP.NET Core and the DbContext (else a typo would pass them all).</summary>
    [Fact]
    public void The_checker_sees_real_dependencies()
    {
        Assert.False(Types.InAssembly(Api).ShouldNot().HaveDependencyOnAny(AspNet).GetResult().IsSuccessful);
        Assert.False(Types.InAssembly(Api).ShouldNot().HaveDependencyOnAny(typeof(PaymentRecordsDbContext).FullName!).GetResult().IsSuccessful);
        Assert.False(Types.InAssembly(Persistence).ShouldNot().HaveDependencyOnAny(EfCore).GetResult().IsSuccessful);
    }

    private static void AssertNone(PredicateList types, params string[] forbidden) => AssertNone(types.Should(), forbidden);

    private static void AssertNone(Types types, params string[] forbidden) => AssertNone(types.Should(), forbidden);

    private static void AssertNone(Condition should, string[] forbidden)
    {
        var result = should.NotHaveDependencyOnAny(forbidden).GetResult();
        var failing = result.FailingTypes?.Select(t => t.FullName).Order(StringComparer.Ordinal).ToList() ?? [];
        Assert.True(result.IsSuccessful, $"reach {string.Join(", ", forbidden)}: {string.Join(", ", failing)}");
    }
}
