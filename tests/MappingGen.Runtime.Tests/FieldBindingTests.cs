using MappingGen.Runtime.Mapping;
using Xunit;

namespace MappingGen.Runtime.Tests;

/// <summary>How a header binds to the fields that a mapping declares.</summary>
public sealed class FieldBindingTests
{
    [Fact]
    public void BoundFields_MarksHeaderFields()
    {
        var binding = FieldBinding.Create(["c", "unknown", "a"], ["a", "b", "c"]);

        Assert.Equal(0b101UL, binding.BoundFields);
        Assert.Equal(2, binding.BoundFieldCount);
    }

    [Fact]
    public void BoundFields_KeepsFirst64Fields()
    {
        var declared = Enumerable.Range(0, 70).Select(i => $"f{i}").ToArray();

        var binding = FieldBinding.Create(["f0", "f63", "f64", "f69"], declared);

        Assert.Equal(1UL | (1UL << 63), binding.BoundFields);
        Assert.Equal(4, binding.BoundFieldCount);
        Assert.Equal(2, binding.Position(64));
    }
}
