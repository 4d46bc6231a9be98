using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.UnitTests.Persistence;

/// <summary>The bounds and the version rule of <see cref="KeptRenderings"/> (its use by a page: <c>KeptRenderingPageTests</c>).</summary>
public sealed class KeptRenderingsTests
{
    private static string NewAccount() => $"acct_kept_{Guid.NewGuid():N}";

    [Fact]
    public void A_body_is_given_back_only_at_the_version_it_was_kept_for()
    {
        var account = NewAccount();
        KeptRenderings.Keep(account, "in_1", 3, [1, 2, 3]);

        Assert.Equal([1, 2, 3], KeptRenderings.Body(account, "in_1", 3));
        Assert.Null(KeptRenderings.Body(account, "in_1", 4));
        Assert.Null(KeptRenderings.Body(account, "in_1", 2));
        Assert.Null(KeptRenderings.Body(NewAccount(), "in_1", 3));
        Assert.Equal(["in_1:3"], KeptRenderings.Keys(account));
    }

    [Fact]
    public void A_newer_version_replaces_the_kept_one_and_an_older_one_does_not()
    {
        var account = NewAccount();
        KeptRenderings.Keep(account, "in_1", 3, [3]);
        KeptRenderings.Keep(account, "in_1", 5, [5]);
        KeptRenderings.Keep(account, "in_1", 4, [4]);

        Assert.Equal([5], KeptRenderings.Body(account, "in_1", 5));
        Assert.Null(KeptRenderings.Body(account, "in_1", 4));
        Assert.Equal(["in_1:5"], KeptRenderings.Keys(account));
    }

    [Fact]
    public void An_account_past_two_pages_of_bodies_forgets_them_and_keeps_the_new_one()
    {
        var account = NewAccount();
        for (var i = 0; i < 200; i++) KeptRenderings.Keep(account, $"in_{i}", 1, [1]);
        Assert.Equal(200, KeptRenderings.Keys(account).Length);

        KeptRenderings.Keep(account, "in_200", 1, [2]);

        Assert.Equal(["in_200:1"], KeptRenderings.Keys(account));
        Assert.Null(KeptRenderings.Body(account, "in_0", 1));
    }
}
