using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;

namespace PaymentRecords.UnitTests.Wire;

/// <summary>
/// Validation and application of <c>expand[]</c> against a small registry built here: invoices expand their
/// customer (a held object), their default payment method (not held: accepted, left as is) and include
/// <c>payments</c>; invoice payments expand through the dotted path <c>payment.payment_record</c>.
/// </summary>
public class ExpansionRegistryTests
{
    private static ExpansionRegistry Registry(ObjectLoader? customers = null, ObjectLoader? records = null) => new ExpansionRegistry()
        .Add(new ObjectExpansions("invoice",
            new Dictionary<string, string?>
            {
                ["customer"] = "customer",
                ["default_payment_method"] = null,
                ["latest_revision"] = "invoice",
            },
            new Dictionary<string, string?> { ["payments"] = "invoice_payment" }))
        .Add(new ObjectExpansions("invoice_payment",
            new Dictionary<string, string?>
            {
                ["invoice"] = "invoice",
                ["payment.payment_record"] = "payment_record",
                ["payment.payment_intent"] = null,
            }))
        .Add(new ObjectExpansions("customer",
            new Dictionary<string, string?> { ["default_source"] = null, ["test_clock"] = null },
            new Dictionary<string, string?> { ["tax_ids"] = "tax_id" }), customers)
        .Add(new ObjectExpansions("payment_record", new Dictionary<string, string?>()), records);

    private static void Validate(string type, bool isList, params string[] paths) =>
        Registry().Validate(type, ExpandTree.Parse(paths, isList), isList);

    /// <summary>Stripe's recorded refusal: no param, no code; on a list, a path outside data. gets the hint.</summary>
    private static void AssertCannotExpand(string type, bool isList, string path, string shown, bool listHint = false)
    {
        var error = StripeAssert.Throws(() => Validate(type, isList, path));
        StripeAssert.InvalidRequest(error, listHint
            ? $"This property cannot be expanded ({shown}). You may want to try expanding 'data.{shown}' instead."
            : $"This property cannot be expanded ({shown}).", null);
    }

    // ---- Validate

    [Fact]
    public void Empty_tree_is_valid_for_any_type()
    {
        Validate("invoice", false);
        Validate("nothing_registered", false);
        Validate("invoice", true);
    }

    [Theory]
    [InlineData("customer")]
    [InlineData("default_payment_method")]
    [InlineData("latest_revision")]
    public void Declared_path_passes(string path)
    {
        Validate("invoice", false, path);
    }

    [Fact]
    public void Several_declared_paths_pass_together()
    {
        Validate("invoice", false, "customer", "default_payment_method", "payments");
    }

    [Fact]
    public void Unknown_path_is_cannot_expand_on_param_expand()
    {
        AssertCannotExpand("invoice", false, "subscription", "subscription");
    }

    [Fact]
    public void Path_on_an_unregistered_type_is_rejected()
    {
        AssertCannotExpand("widget", false, "customer", "customer");
    }

    [Fact]
    public void Nested_expansion_goes_through_the_target_type()
    {
        Validate("invoice", false, "customer.default_source");
        Validate("invoice", false, "latest_revision.customer.test_clock");
    }

    [Fact]
    public void Nested_path_unknown_on_the_target_type_is_shown_in_full()
    {
        AssertCannotExpand("invoice", false, "customer.subscriptions", "customer.subscriptions");
        AssertCannotExpand("invoice", false, "latest_revision.customer.foo", "latest_revision.customer.foo");
    }

    [Fact]
    public void Object_not_held_cannot_be_expanded_further()
    {
        AssertCannotExpand("invoice", false, "default_payment_method.customer", "default_payment_method.customer");
    }

    [Fact]
    public void Dotted_path_within_one_object_passes()
    {
        Validate("invoice_payment", false, "payment.payment_record");
        Validate("invoice_payment", false, "payment.payment_intent", "invoice.customer");
    }

    [Fact]
    public void Prefix_of_a_dotted_path_alone_is_rejected()
    {
        AssertCannotExpand("invoice_payment", false, "payment", "payment");
        AssertCannotExpand("invoice_payment", false, "payment.charge", "payment.charge");
    }

    [Fact]
    public void List_paths_need_the_data_prefix()
    {
        Validate("invoice", true, "data.customer");
        Validate("invoice", true, "data.customer.default_source", "data.payments");
        AssertCannotExpand("invoice", true, "customer", "customer", listHint: true);
    }

    [Fact]
    public void Unknown_path_in_a_list_is_shown_with_data()
    {
        AssertCannotExpand("invoice", true, "data.foo", "data.foo");
        AssertCannotExpand("invoice", true, "data.customer.foo", "data.customer.foo");
    }

    [Fact]
    public void Includable_list_passes_and_expands_through_its_items()
    {
        Validate("invoice", false, "payments");
        Validate("invoice", false, "payments.data.payment.payment_record");
        Validate("invoice", false, "payments.data.invoice");
        Validate("customer", false, "tax_ids");
    }

    [Fact]
    public void Includable_list_needs_data_before_item_paths()
    {
        AssertCannotExpand("invoice", false, "payments.invoice", "payments.invoice");
        AssertCannotExpand("invoice", false, "payments.data.foo", "payments.data.foo");
    }

    // ---- ApplyAsync

    private static Task<JsonObject?> LoadCustomer(RequestScope scope, string id) =>
        Task.FromResult<JsonObject?>(id == "cus_1"
            ? new JsonObject { ["id"] = "cus_1", ["object"] = "customer", ["default_source"] = null }
            : null);

    private static Task<JsonObject?> LoadRecord(RequestScope scope, string id) =>
        Task.FromResult<JsonObject?>(new JsonObject { ["id"] = id, ["object"] = "payment_record" });

    private static async Task<JsonObject> Apply(JsonObject obj, string type, params string[] paths)
    {
        var registry = Registry(LoadCustomer, LoadRecord);
        var tree = ExpandTree.Parse(paths, isList: false);
        registry.Validate(type, tree, isList: false);
        await registry.ApplyAsync(null!, obj, type, tree);
        return obj;
    }

    [Fact]
    public async Task Apply_replaces_an_id_with_the_loaded_object()
    {
        var invoice = await Apply(new JsonObject { ["id"] = "in_1", ["customer"] = "cus_1", ["default_payment_method"] = "pm_1" },
            "invoice", "customer");
        Assert.Equal("customer", invoice["customer"]!["object"]!.GetValue<string>());
        Assert.Equal("pm_1", invoice["default_payment_method"]!.GetValue<string>());
    }

    [Fact]
    public async Task Apply_leaves_fields_not_asked_for_and_objects_not_held()
    {
        var invoice = await Apply(new JsonObject { ["customer"] = "cus_1", ["default_payment_method"] = "pm_1" },
            "invoice", "default_payment_method");
        Assert.Equal("cus_1", invoice["customer"]!.GetValue<string>());
        Assert.Equal("pm_1", invoice["default_payment_method"]!.GetValue<string>());
    }

    [Fact]
    public async Task Apply_keeps_the_id_when_the_loader_finds_nothing()
    {
        var invoice = await Apply(new JsonObject { ["customer"] = "cus_gone" }, "invoice", "customer");
        Assert.Equal("cus_gone", invoice["customer"]!.GetValue<string>());
    }

    [Fact]
    public async Task Apply_follows_dotted_paths_inside_includable_lists()
    {
        var invoice = new JsonObject
        {
            ["payments"] = new JsonObject
            {
                ["object"] = "list",
                ["data"] = new JsonArray(new JsonObject { ["payment"] = new JsonObject { ["payment_record"] = "pr_1", ["type"] = "payment_record" } }),
            },
        };
        await Apply(invoice, "invoice", "payments.data.payment.payment_record");
        Assert.Equal("payment_record", invoice["payments"]!["data"]![0]!["payment"]!["payment_record"]!["object"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApplyToList_expands_each_item()
    {
        var registry = Registry(LoadCustomer, LoadRecord);
        var list = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject { ["customer"] = "cus_1" }, new JsonObject { ["customer"] = "cus_1" }),
        };
        var tree = ExpandTree.Parse(["data.customer"], isList: true);
        registry.Validate("invoice", tree, isList: true);
        await registry.ApplyToListAsync(null!, list, "invoice", tree.Child("data")!);
        Assert.All(list["data"]!.AsArray(), item => Assert.Equal("cus_1", item!["customer"]!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_includable_loader_builds_the_list_only_when_asked_and_its_items_expand()
    {
        var calls = 0;
        var registry = Registry(LoadCustomer, LoadRecord).AddIncludable("invoice", "payments", (_, owner) =>
        {
            calls++;
            return Task.FromResult<JsonNode?>(new JsonObject
            {
                ["object"] = "list",
                ["data"] = new JsonArray(new JsonObject
                {
                    ["invoice"] = owner["id"]!.GetValue<string>(),
                    ["payment"] = new JsonObject { ["payment_record"] = "pr_9", ["type"] = "payment_record" },
                }),
                ["has_more"] = false,
                ["url"] = "/v1/invoice_payments",
            });
        });

        var plain = new JsonObject { ["id"] = "in_1", ["customer"] = "cus_1" };
        var tree = ExpandTree.Parse(["customer"], isList: false);
        await registry.ApplyAsync(null!, plain, "invoice", tree);
        Assert.False(plain.ContainsKey("payments"));
        Assert.Equal(0, calls);

        var invoice = new JsonObject { ["id"] = "in_1", ["customer"] = "cus_1" };
        tree = ExpandTree.Parse(["payments.data.payment.payment_record"], isList: false);
        registry.Validate("invoice", tree, isList: false);
        await registry.ApplyAsync(null!, invoice, "invoice", tree);
        Assert.Equal(1, calls);
        Assert.Equal("in_1", invoice["payments"]!["data"]![0]!["invoice"]!.GetValue<string>());
        Assert.Equal("pr_9", invoice["payments"]!["data"]![0]!["payment"]!["payment_record"]!["id"]!.GetValue<string>());

        // A list already rendered on the object is kept (not loaded again).
        var given = new JsonObject { ["id"] = "in_2", ["payments"] = new JsonObject { ["object"] = "list", ["data"] = new JsonArray() } };
        await registry.ApplyAsync(null!, given, "invoice", ExpandTree.Parse(["payments"], isList: false));
        Assert.Equal(1, calls);
        Assert.Empty(given["payments"]!["data"]!.AsArray());
    }

    [Fact]
    public async Task A_single_value_includable_is_set_even_to_null_and_nothing_below_it_expands()
    {
        var registry = Registry(LoadCustomer, LoadRecord)
            .Add(new ObjectExpansions("account", new Dictionary<string, string?>(),
                new Dictionary<string, string?> { ["cash_balance"] = null }))
            .AddIncludable("account", "cash_balance", (_, _) => Task.FromResult<JsonNode?>(null));
        var tree = ExpandTree.Parse(["cash_balance"], isList: false);
        registry.Validate("account", tree, isList: false);
        var account = new JsonObject { ["id"] = "acct_1" };
        await registry.ApplyAsync(null!, account, "account", tree);
        Assert.True(account.ContainsKey("cash_balance"));
        Assert.Null(account["cash_balance"]);

        var error = StripeAssert.Throws(() => registry.Validate("account", ExpandTree.Parse(["cash_balance.available"], false), false));
        StripeAssert.InvalidRequest(error, "This property cannot be expanded (cash_balance.available).", null);
        error = StripeAssert.Throws(() => registry.Validate("account", ExpandTree.Parse(["data.cash_balance.x"], true), true));
        StripeAssert.InvalidRequest(error, "This property cannot be expanded (data.cash_balance.x).", null);
    }

    [Fact]
    public async Task A_deleted_stub_is_left_as_it_is()
    {
        var calls = 0;
        var registry = Registry(LoadCustomer, LoadRecord).AddIncludable("customer", "tax_ids", (_, _) =>
        {
            calls++;
            return Task.FromResult<JsonNode?>(new JsonObject { ["object"] = "list", ["data"] = new JsonArray() });
        });
        var stub = new JsonObject { ["id"] = "cus_1", ["object"] = "customer", ["deleted"] = true };
        await registry.ApplyAsync(null!, stub, "customer", ExpandTree.Parse(["tax_ids"], isList: false));
        Assert.Equal(0, calls);
        Assert.Equal(3, stub.Count);
    }
}
