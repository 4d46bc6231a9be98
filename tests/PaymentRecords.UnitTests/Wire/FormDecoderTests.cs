using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Wire;

namespace PaymentRecords.UnitTests.Wire;

/// <summary>
/// The decoder on the bodies the SDKs really send. Stripe.net and stripe-node index lists (<c>a[0][b]=v</c>,
/// <c>expand[0]=x</c>) and leave brackets unescaped; curl users write <c>a[]=v</c>. Indexed lists stay objects
/// keyed "0", "1"… here: the coercer turns them into lists once it knows the parameter is an array.
/// </summary>
public class FormDecoderTests
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The decoded tree as compact JSON: values are strings, <c>a[]</c> lists are arrays.</summary>
    private static string Tree(params string?[] parts) => ToJson(FormDecoder.Decode(parts))!.ToJsonString(Compact);

    private static JsonNode? ToJson(FormNode node) => node switch
    {
        FormValue v => JsonValue.Create(v.Value),
        FormObject o => new JsonObject(o.Entries.Select(e => KeyValuePair.Create(e.Key, ToJson(e.Value)))),
        FormList l => new JsonArray(l.Items.Select(ToJson).ToArray()),
        _ => throw new InvalidOperationException(),
    };

    [Fact]
    public void Empty_or_null_body_decodes_to_an_empty_object()
    {
        Assert.Equal("{}", Tree(""));
        Assert.Equal("{}", Tree((string?)null));
        Assert.Equal("{}", Tree(null, null));
    }

    [Fact]
    public void Flat_pairs_keep_arrival_order()
    {
        Assert.Equal("""{"a":"value1","b":"value2","c":"value3"}""", Tree("a=value1&b=value2&c=value3"));
    }

    [Fact]
    public void Leading_question_mark_of_a_query_string_is_ignored()
    {
        Assert.Equal("""{"limit":"3","email":"a@b.co"}""", Tree("?limit=3&email=a@b.co"));
    }

    [Fact]
    public void Repeated_scalar_key_keeps_the_last_value()
    {
        Assert.Equal("""{"a":"c"}""", Tree("a=b&a=c"));
    }

    [Fact]
    public void Empty_pairs_between_ampersands_are_skipped()
    {
        Assert.Equal("""{"a":"1","b":"2"}""", Tree("a=1&&b=2&"));
    }

    [Fact]
    public void Only_the_first_equals_sign_separates_key_from_value()
    {
        Assert.Equal("""{"description":"x=y=z"}""", Tree("description=x=y=z"));
    }

    [Fact]
    public void Stripe_net_indexed_list_of_objects_nests_by_index()
    {
        Assert.Equal(
            """{"lines":{"0":{"amount":"100","description":"x"},"1":{"amount":"-5"}}}""",
            Tree("lines[0][amount]=100&lines[0][description]=x&lines[1][amount]=-5"));
    }

    [Fact]
    public void Stripe_net_indexed_scalar_list_nests_by_index()
    {
        Assert.Equal("""{"list":{"0":"1","1":"2","2":"3"},"string":"String!"}""",
            Tree("list[0]=1&list[1]=2&list[2]=3&string=String!"));
    }

    [Fact]
    public void Indexed_expand_as_the_sdks_send_it()
    {
        Assert.Equal("""{"expand":{"0":"customer","1":"data.invoice"}}""",
            Tree("expand[0]=customer&expand[1]=data.invoice"));
    }

    [Fact]
    public void Metadata_map_keys_nest_under_metadata()
    {
        Assert.Equal("""{"metadata":{"order_id":"6735","note":"rush"}}""",
            Tree("metadata[order_id]=6735&metadata[note]=rush"));
    }

    [Fact]
    public void Deep_brackets_nest_objects()
    {
        Assert.Equal("""{"a":{"b":{"c":"v"}}}""", Tree("a[b][c]=v"));
        Assert.Equal(
            """{"map":{"key1":{"key1":"value1_1","key2":"value1_2"},"key2":"value2"}}""",
            Tree("map[key1][key1]=value1_1&map[key1][key2]=value1_2&map[key2]=value2"));
    }

    [Fact]
    public void Stripe_net_nested_dictionary_golden()
    {
        Assert.Equal("""{"dictionary":{"foo":{"bar":"baz"}}}""", Tree("dictionary[foo][bar]=baz"));
        Assert.Equal("""{"date_filter":{"gte":"946684800","lt":"946702800"}}""",
            Tree("date_filter[gte]=946684800&date_filter[lt]=946702800"));
    }

    [Fact]
    public void Empty_brackets_append_to_a_list()
    {
        Assert.Equal("""{"arr":["value1"]}""", Tree("arr[]=value1"));
        Assert.Equal("""{"arr":["value1","value2","value3"]}""", Tree("arr[]=value1&arr[]=value2&arr[]=value3"));
    }

    [Fact]
    public void Appended_objects_with_different_keys_merge_into_one_element()
    {
        Assert.Equal("""{"a":[{"b":"1","c":"2"}]}""", Tree("a[][b]=1&a[][c]=2"));
    }

    [Fact]
    public void Appended_objects_with_a_repeated_key_start_a_new_element()
    {
        Assert.Equal("""{"a":[{"b":"1"},{"b":"2"}]}""", Tree("a[][b]=1&a[][b]=2"));
    }

    [Fact]
    public void Appended_objects_split_each_time_the_first_key_repeats()
    {
        Assert.Equal(
            """{"obj":[{"key1":"value1_1","key2":"value1_2"},{"key1":"value2_1","key2":"value2_2"}]}""",
            Tree("obj[][key1]=value1_1&obj[][key2]=value1_2&obj[][key1]=value2_1&obj[][key2]=value2_2"));
    }

    [Fact]
    public void Appended_object_with_nested_lists_and_maps_stays_one_element()
    {
        Assert.Equal(
            """{"obj":[{"key1":["value1_1","value1_2"],"key2":{"key":"value2"},"key3":"value3"}]}""",
            Tree("obj[][key1][]=value1_1&obj[][key1][]=value1_2&obj[][key2][key]=value2&obj[][key3]=value3"));
    }

    [Fact]
    public void Appended_objects_compare_nested_paths_not_just_the_first_key()
    {
        Assert.Equal("""{"a":[{"b":{"c":"1","d":"2"}}]}""", Tree("a[][b][c]=1&a[][b][d]=2"));
        Assert.Equal("""{"a":[{"b":{"c":"1"}},{"b":{"c":"2"}}]}""", Tree("a[][b][c]=1&a[][b][c]=2"));
    }

    [Fact]
    public void List_inside_a_map_appends()
    {
        Assert.Equal("""{"obj":{"key1":["value1","value2"]}}""", Tree("obj[key1][]=value1&obj[key1][]=value2"));
    }

    [Fact]
    public void Url_encoded_brackets_decode_like_literal_ones()
    {
        Assert.Equal(Tree("a[0][b]=v"), Tree("a%5B0%5D%5Bb%5D=v"));
        Assert.Equal("""{"a":{"0":{"b":"v"}}}""", Tree("a%5B0%5D%5Bb%5D=v"));
        Assert.Equal("""{"expand":["customer"]}""", Tree("expand%5B%5D=customer"));
    }

    [Fact]
    public void Plus_decodes_to_space_in_keys_and_values()
    {
        Assert.Equal("""{"description":"hello world"}""", Tree("description=hello+world"));
        Assert.Equal("""{"x":" "," ":"x"}""", Tree("x=+&+=x"));
        Assert.Equal("""{"x":" "," ":"x"}""", Tree("x=%20&%20=x"));
    }

    [Fact]
    public void Percent_escapes_decode_after_splitting_so_encoded_delimiters_survive()
    {
        Assert.Equal("""{"x":",",",":"x"}""", Tree("x=%2c&%2c=x"));
        Assert.Equal("""{"name":"a&b=c+d"}""", Tree("name=a%26b%3Dc%2Bd"));
    }

    [Fact]
    public void Stripe_net_url_encoded_keys_and_values_golden()
    {
        var tree = FormDecoder.Decode("dictionary[%23]=1+2+3&dictionary[bar%26baz]=%2Bfoo%3F&string=[%C3%A9%C3%A0%C3%BC]");
        var dictionary = Assert.IsType<FormObject>(tree.Get("dictionary"));
        Assert.Equal("1 2 3", Assert.IsType<FormValue>(dictionary.Get("#")).Value);
        Assert.Equal("+foo?", Assert.IsType<FormValue>(dictionary.Get("bar&baz")).Value);
        Assert.Equal("[éàü]", Assert.IsType<FormValue>(tree.Get("string")).Value);
    }

    [Fact]
    public void Empty_values_are_kept_as_empty_strings()
    {
        Assert.Equal("""{"metadata":{"k":""},"description":""}""", Tree("metadata[k]=&description="));
        Assert.Equal("""{"list":{"0":"","1":"0"}}""", Tree("list[0]=&list[1]=0"));
        Assert.Equal("""{"list":""}""", Tree("list="));
    }

    [Fact]
    public void Key_without_equals_sign_has_an_empty_value()
    {
        Assert.Equal("""{"description":""}""", Tree("description"));
    }

    [Fact]
    public void Query_and_body_merge_into_one_tree()
    {
        Assert.Equal(
            """{"limit":"3","expand":["data.customer","data.invoice"],"email":"x@y.z"}""",
            Tree("?limit=3&expand[]=data.customer", "expand[]=data.invoice&email=x@y.z"));
    }

    [Fact]
    public void Query_and_body_maps_merge_key_by_key()
    {
        Assert.Equal("""{"metadata":{"a":"1","b":"2"}}""", Tree("metadata[a]=1", "metadata[b]=2"));
    }

    [Fact]
    public void Body_value_wins_over_the_same_query_key()
    {
        Assert.Equal("""{"a":"body"}""", Tree("?a=query", "a=body"));
    }

    [Theory]
    [InlineData("a[b=1", "a[b")]
    [InlineData("[x]=1", "[x]")]
    [InlineData("a[b]c=1", "a[b]c")]
    [InlineData("a[b]]=1", "a[b]]")]
    [InlineData("a%5Bb=1", "a[b")]
    [InlineData("a[][]=1", "a[][]")]
    public void Malformed_key_raises_invalid_parameter_name(string body, string key)
    {
        var error = StripeAssert.Throws(() => FormDecoder.Decode(body));
        StripeAssert.InvalidRequest(error, $"Invalid parameter name: {key}", key);
    }

    [Fact]
    public void Mixing_indexed_and_appended_forms_of_one_list_is_rejected()
    {
        var error = StripeAssert.Throws(() => FormDecoder.Decode("a[0]=x&a[]=y"));
        Assert.Equal("a[]", error.Param);
        error = StripeAssert.Throws(() => FormDecoder.Decode("a[]=x&a[b]=y"));
        Assert.Equal("a[b]", error.Param);
    }

    [Fact]
    public void Malformed_key_in_the_query_is_rejected_too()
    {
        StripeAssert.Throws(() => FormDecoder.Decode("?a[b=1", "c=2"));
    }

    [Fact]
    public void SplitKey_returns_the_bracket_segments()
    {
        Assert.Equal(["name"], FormDecoder.SplitKey("name")!);
        Assert.Equal(["array", ""], FormDecoder.SplitKey("array[]")!);
        Assert.Equal(["map", "key"], FormDecoder.SplitKey("map[key]")!);
        Assert.Equal(["maparray", "", "key", "", "key", "key"], FormDecoder.SplitKey("maparray[][key][][key][key]")!);
        Assert.Null(FormDecoder.SplitKey(""));
        Assert.Null(FormDecoder.SplitKey("[a]"));
        Assert.Null(FormDecoder.SplitKey("a[b"));
    }
}
