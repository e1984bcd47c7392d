using Xunit;

namespace MappingGen.Tests.Support;

/// <summary>
/// Tests that convert thousands of generated records. They run after the
/// parallel tests and one at a time, because their garbage makes the garbage
/// collector trim the shared array pools, which shows up as allocations in
/// the zero-allocation measurements of other tests running beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Large conversions, run alone";
}
