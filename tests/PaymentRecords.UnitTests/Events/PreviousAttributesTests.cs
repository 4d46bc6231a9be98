using System.Text.Json.Nodes;
using PaymentRecords.Api.Events;

namespace PaymentRecords.UnitTests.Events;

/// <summary><c>data.previous_attributes</c> of update events: the old values of exactly what changed.</summary>
public class PreviousAttributesTests
{
    private static string Previous(string before, string after) =>
        EventWriter.PreviousAttributes(JsonNode.Parse(before)!.AsObject(), JsonNode.Parse(after)!.AsObject()).ToJsonString();

    [Fact]
    public void Nothing_changed_gives_an_empty_object()
    {
        Assert.Equal("{}", Previous("""{"id":"in_1","status":"draft","total":100}""", """{"id":"in_1","status":"draft","total":100}"""));
    }

    [Fact]
    public void Only_changed_keys_appear_with_their_old_values()
    {
        Assert.Equal("""{"status":"draft","total":100}""",
            Previous("""{"id":"in_1","status":"draft","total":100,"currency":"usd"}""",
                """{"id":"in_1","status":"open","total":250,"currency":"usd"}"""));
    }

    [Fact]
    public void Value_set_from_null_gives_null()
    {
        Assert.Equal("""{"number":null}""", Previous("""{"number":null}""", """{"number":"ABC-0001"}"""));
    }

    [Fact]
    public void Value_cleared_to_null_gives_the_old_value()
    {
        Assert.Equal("""{"description":"hi"}""", Previous("""{"description":"hi"}""", """{"description":null}"""));
    }

    [Fact]
    public void Type_change_of_an_equal_looking_value_counts_as_a_change()
    {
        Assert.Equal("""{"n":"1"}""", Previous("""{"n":"1"}""", """{"n":1}"""));
    }

    [Fact]
    public void Nested_object_recurses_to_the_changed_sub_key_only()
    {
        Assert.Equal("""{"status_transitions":{"finalized_at":null}}""",
            Previous("""{"status_transitions":{"finalized_at":null,"marked_uncollectible_at":null,"paid_at":null,"voided_at":null}}""",
                """{"status_transitions":{"finalized_at":1730000000,"marked_uncollectible_at":null,"paid_at":null,"voided_at":null}}"""));
    }

    [Fact]
    public void Deeply_nested_objects_recurse_all_the_way()
    {
        Assert.Equal("""{"invoice_settings":{"rendering_options":{"template":"t1"}}}""",
            Previous("""{"invoice_settings":{"footer":"f","rendering_options":{"template":"t1","amount_tax_display":null}}}""",
                """{"invoice_settings":{"footer":"f","rendering_options":{"template":"t2","amount_tax_display":null}}}"""));
    }

    [Fact]
    public void Metadata_key_added_gives_null_and_changed_key_its_old_value()
    {
        Assert.Equal("""{"metadata":{"a":"1","b":null}}""",
            Previous("""{"metadata":{"a":"1","keep":"k"}}""", """{"metadata":{"a":"2","keep":"k","b":"x"}}"""));
    }

    [Fact]
    public void Metadata_key_removed_gives_its_old_value()
    {
        Assert.Equal("""{"metadata":{"gone":"v"}}""", Previous("""{"metadata":{"gone":"v","keep":"k"}}""", """{"metadata":{"keep":"k"}}"""));
    }

    [Fact]
    public void Top_level_key_added_gives_null()
    {
        Assert.Equal("""{"discount":null}""", Previous("""{"id":"cus_1"}""", """{"id":"cus_1","discount":{"id":"di_1"}}"""));
    }

    [Fact]
    public void Top_level_key_removed_gives_its_old_value()
    {
        Assert.Equal("""{"cash_balance":{"available":{}}}""", Previous("""{"id":"cus_1","cash_balance":{"available":{}}}""", """{"id":"cus_1"}"""));
    }

    [Fact]
    public void Object_replaced_by_a_scalar_gives_the_whole_old_object()
    {
        Assert.Equal("""{"address":{"city":"Paris"}}""", Previous("""{"address":{"city":"Paris"}}""", """{"address":null}"""));
        Assert.Equal("""{"address":null}""", Previous("""{"address":null}""", """{"address":{"city":"Paris"}}"""));
    }

    [Fact]
    public void Arrays_are_compared_whole()
    {
        Assert.Equal("""{"preferred_locales":["en","fr"]}""",
            Previous("""{"preferred_locales":["en","fr"]}""", """{"preferred_locales":["en","de"]}"""));
        Assert.Equal("""{"custom_fields":[{"name":"PO","value":"1"}]}""",
            Previous("""{"custom_fields":[{"name":"PO","value":"1"}]}""", """{"custom_fields":[{"name":"PO","value":"2"}]}"""));
    }

    [Fact]
    public void Equal_arrays_do_not_appear()
    {
        Assert.Equal("{}", Previous("""{"preferred_locales":["en","fr"]}""", """{"preferred_locales":["en","fr"]}"""));
    }

    [Fact]
    public void Array_order_change_counts_as_a_change()
    {
        Assert.Equal("""{"preferred_locales":["en","fr"]}""",
            Previous("""{"preferred_locales":["en","fr"]}""", """{"preferred_locales":["fr","en"]}"""));
    }

    [Fact]
    public void Embedded_stripe_objects_and_lists_are_compared_whole()
    {
        Assert.Equal("""{"lines":{"object":"list","data":[{"id":"il_1"}],"has_more":false}}""",
            Previous("""{"lines":{"object":"list","data":[{"id":"il_1"}],"has_more":false}}""",
                """{"lines":{"object":"list","data":[{"id":"il_1"},{"id":"il_2"}],"has_more":false}}"""));
    }

    [Fact]
    public void Result_is_detached_from_the_before_object()
    {
        var before = JsonNode.Parse("""{"address":{"city":"Paris"},"tags":["a"]}""")!.AsObject();
        var after = JsonNode.Parse("""{"address":{"city":"Lyon"},"tags":["b"]}""")!.AsObject();
        var previous = EventWriter.PreviousAttributes(before, after);
        var holder = new JsonObject { ["previous_attributes"] = previous };
        Assert.Equal("""{"previous_attributes":{"address":{"city":"Paris"},"tags":["a"]}}""", holder.ToJsonString());
        Assert.Equal("""{"address":{"city":"Paris"},"tags":["a"]}""", before.ToJsonString());
    }
}
