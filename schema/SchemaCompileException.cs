namespace MappingGen.Schema;

/// <summary>
/// Raised when a schema tree cannot be compiled. The message starts with the file, relative
/// to the schema folder (or the folder itself), and then states the problem.
/// </summary>
public sealed class SchemaCompileException : Exception
{
    /// <summary>Creates the exception for a problem in <paramref name="file"/>.</summary>
    public SchemaCompileException(string file, string problem)
        : base($"{file}: {problem}")
    {
        File = file;
        Problem = problem;
    }

    /// <summary>Creates the exception for a problem in <paramref name="file"/> that another exception reported.</summary>
    public SchemaCompileException(string file, string problem, Exception innerException)
        : base($"{file}: {problem}", innerException)
    {
        File = file;
        Problem = problem;
    }

    /// <summary>The file with the problem, relative to the schema folder, or the schema folder itself.</summary>
    public string File { get; }

    /// <summary>The problem, without the file name.</summary>
    public string Problem { get; }
}
