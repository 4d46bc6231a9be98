using PaymentRecords.Api.Wire;

namespace PaymentRecords.UnitTests.Wire;

public class ExpandTreeTests
{
    [Fact]
    public void No_paths_give_an_empty_tree()
    {
        Assert.True(ExpandTree.Parse([], isList: false).IsEmpty);
        Assert.True(ExpandTree.Empty.IsEmpty);
    }

    [Fact]
    public void Single_field_becomes_one_leaf()
    {
        var tree = ExpandTree.Parse(["customer"], isList: false);
        Assert.Equal(["customer"], tree.Children.Keys);
        Assert.True(tree.Child("customer")!.IsEmpty);
        Assert.Null(tree.Child("invoice"));
    }

    [Fact]
    public void Dotted_path_becomes_a_chain()
    {
        var tree = ExpandTree.Parse(["payments.data.payment.payment_record"], isList: false);
        var leaf = tree.Child("payments")!.Child("data")!.Child("payment")!.Child("payment_record")!;
        Assert.True(leaf.IsEmpty);
    }

    [Fact]
    public void Paths_sharing_a_prefix_share_nodes()
    {
        var tree = ExpandTree.Parse(["customer", "customer.default_source", "latest_revision.customer"], isList: false);
        Assert.Equal(["customer", "latest_revision"], tree.Children.Keys.Order());
        Assert.Equal(["default_source"], tree.Child("customer")!.Children.Keys);
        Assert.Equal(["customer.default_source", "latest_revision.customer"], tree.Paths().Order());
    }

    [Fact]
    public void Repeated_path_is_harmless()
    {
        var tree = ExpandTree.Parse(["customer", "customer"], isList: false);
        Assert.Equal(["customer"], tree.Paths());
    }

    [Fact]
    public void Paths_lists_the_leaves_dotted()
    {
        var tree = ExpandTree.Parse(["a.b", "a.c.d", "e"], isList: false);
        Assert.Equal(["a.b", "a.c.d", "e"], tree.Paths().Order());
        Assert.Equal(["x.b", "x.c.d"], tree.Child("a")!.Paths("x").Order());
    }

    [Fact]
    public void Four_levels_are_allowed()
    {
        Assert.False(ExpandTree.Parse(["a.b.c.d"], isList: false).IsEmpty);
    }

    [Fact]
    public void Five_levels_are_rejected_on_param_expand()
    {
        var error = StripeAssert.Throws(() => ExpandTree.Parse(["customer", "a.b.c.d.e"], isList: false));
        StripeAssert.InvalidRequest(error, "You cannot expand more than 4 levels of a property. Property: a.b.c.d.e", "expand");
    }

    [Fact]
    public void Data_prefix_in_a_list_does_not_count_as_a_level()
    {
        var tree = ExpandTree.Parse(["data.a.b.c.d"], isList: true);
        Assert.Equal(["data.a.b.c.d"], tree.Paths());
        var error = StripeAssert.Throws(() => ExpandTree.Parse(["data.a.b.c.d.e"], isList: true));
        Assert.Equal("You cannot expand more than 4 levels of a property. Property: data.a.b.c.d.e", error.Message);
    }

    [Fact]
    public void Data_prefix_counts_outside_a_list()
    {
        StripeAssert.Throws(() => ExpandTree.Parse(["data.a.b.c.d"], isList: false));
    }

    [Fact]
    public void Other_first_segments_count_inside_a_list()
    {
        StripeAssert.Throws(() => ExpandTree.Parse(["a.b.c.d.e"], isList: true));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData(".")]
    public void Empty_segments_are_rejected_as_cannot_expand(string path)
    {
        var error = StripeAssert.Throws(() => ExpandTree.Parse([path], isList: false));
        StripeAssert.InvalidRequest(error, $"This property cannot be expanded ({path}).", null);
    }
}
