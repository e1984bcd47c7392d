namespace MappingGen.Runtime.Records;

/// <summary>The place of one field's value in <see cref="RawRecord.Data"/>.</summary>
/// <param name="Start">The offset of the value's first byte.</param>
/// <param name="Length">The length of the value in bytes.</param>
public readonly record struct FieldSlot(int Start, int Length);
