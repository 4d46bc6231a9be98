using PaymentRecords.Domain.Common;

namespace PaymentRecords.UnitTests.Domain;

public class MetadataTests
{
    private static KeyValuePair<string, string> Kv(string key, string value) => new(key, value);

    [Fact]
    public void New_keys_are_added_and_existing_keys_replaced()
    {
        var merged = Metadata.Merge(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, [Kv("b", "20"), Kv("c", "3")]);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "20", ["c"] = "3" }, merged);
    }

    [Fact]
    public void Empty_value_removes_the_key()
    {
        var merged = Metadata.Merge(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, [Kv("a", "")]);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2" }, merged);
    }

    [Fact]
    public void Removing_an_absent_key_is_harmless()
    {
        var merged = Metadata.Merge(new Dictionary<string, string> { ["a"] = "1" }, [Kv("zzz", "")]);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, merged);
    }

    [Fact]
    public void Empty_update_keeps_everything()
    {
        var merged = Metadata.Merge(new Dictionary<string, string> { ["a"] = "1" }, []);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, merged);
    }

    [Fact]
    public void Update_applies_in_order()
    {
        var merged = Metadata.Merge(new Dictionary<string, string>(), [Kv("a", "1"), Kv("a", ""), Kv("b", "2"), Kv("b", "3")]);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "3" }, merged);
    }

    [Fact]
    public void Current_metadata_is_not_modified()
    {
        var current = new Dictionary<string, string> { ["a"] = "1" };
        var merged = Metadata.Merge(current, [Kv("a", ""), Kv("b", "2")]);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, current);
        Assert.NotSame(current, merged);
    }

    [Fact]
    public void Keys_are_case_sensitive()
    {
        var merged = Metadata.Merge(new Dictionary<string, string> { ["Key"] = "1" }, [Kv("key", "2")]);
        Assert.Equal(2, merged.Count);
    }
}
