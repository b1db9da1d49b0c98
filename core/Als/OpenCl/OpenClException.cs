namespace Recommender.Core.Als.OpenCl;

/// <summary>An OpenCL call failed, or no OpenCL runtime or device is usable; the message is one line unless a build log follows.</summary>
public sealed class OpenClException : Exception
{
    public OpenClException(string message)
        : base(message)
    {
        Code = null;
        Name = "OPENCL_UNAVAILABLE";
        Operation = "";
    }

    public OpenClException(int code, string operation, string? detail = null, Exception? inner = null)
        : base(Describe(code, operation, detail), inner)
    {
        Code = code;
        Name = OpenClErrors.NameOf(code);
        Operation = operation;
    }

    public OpenClException()
        : this("OpenCL failed.")
    {
    }

    public OpenClException(string message, Exception innerException)
        : base(message, innerException)
    {
        Name = "OPENCL_UNAVAILABLE";
        Operation = "";
    }

    /// <summary>The cl_int status, or null when the failure is not an OpenCL status (no runtime, no device).</summary>
    public int? Code { get; }

    /// <summary>The status name (CL_OUT_OF_RESOURCES, ...), or OPENCL_UNAVAILABLE.</summary>
    public string Name { get; }

    /// <summary>The OpenCL call or backend step that failed, such as clCreateBuffer.</summary>
    public string Operation { get; }

    /// <summary>Throws when <paramref name="status"/> is not CL_SUCCESS.</summary>
    internal static void ThrowIfFailed(int status, string operation, string? detail = null)
    {
        if (status != 0)
        {
            throw new OpenClException(status, operation, detail);
        }
    }

    private static string Describe(int code, string operation, string? detail)
    {
        string text = $"OpenCL {operation} failed with {OpenClErrors.NameOf(code)} ({code}): {OpenClErrors.MeaningOf(code)}";
        return detail is null ? text + "." : $"{text}; {detail}";
    }
}
