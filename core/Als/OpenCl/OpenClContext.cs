using Recommender.Core.Als.OpenCl.Native;

namespace Recommender.Core.Als.OpenCl;

/// <summary>
/// A context and an in-order command queue on one device, with the few operations the solver needs:
/// build a program (surfacing the build log), create buffers, copy, set kernel arguments and launch.
/// </summary>
internal sealed unsafe class OpenClContext : IDisposable
{
    private readonly ClContextHandle _context;
    private readonly ClCommandQueueHandle _queue;

    private OpenClContext(OpenClDeviceInfo device, ClContextHandle context, ClCommandQueueHandle queue)
    {
        Device = device;
        _context = context;
        _queue = queue;
    }

    public OpenClDeviceInfo Device { get; }

    public static OpenClContext Create(OpenClDeviceInfo device)
    {
        OpenClRuntime.EnsureAvailable();
        int status;
        nint id = device.DeviceId;

        // CL_CONTEXT_PLATFORM, platform, 0: names the platform explicitly, as ICD loaders require.
        nint* properties = stackalloc nint[] { 0x1084, device.PlatformId, 0 };
        var context = new ClContextHandle(OpenClNative.clCreateContext(properties, 1, &id, 0, 0, &status));
        OpenClException.ThrowIfFailed(status, "clCreateContext", $"device '{device.Name}'");
        var queue = new ClCommandQueueHandle(OpenClNative.clCreateCommandQueue(context, id, 0, &status));
        if (status != 0)
        {
            context.Dispose();
            OpenClException.ThrowIfFailed(status, "clCreateCommandQueue", $"device '{device.Name}'");
        }

        return new OpenClContext(device, context, queue);
    }

    /// <summary>Compiles <paramref name="source"/> for the device; a failed build throws with the compiler's log in the message.</summary>
    public ClProgramHandle BuildProgram(string source, string options)
    {
        ArgumentNullException.ThrowIfNull(source);
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(source);
        int status;
        ClProgramHandle program;
        fixed (byte* text = utf8)
        {
            byte* strings = text;
            nuint length = (nuint)utf8.Length;
            program = new ClProgramHandle(OpenClNative.clCreateProgramWithSource(_context, 1, &strings, &length, &status));
        }

        OpenClException.ThrowIfFailed(status, "clCreateProgramWithSource");
        nint device = Device.DeviceId;
        status = OpenClNative.clBuildProgram(program, 1, &device, options, 0, 0);
        if (status != 0)
        {
            string log = BuildLog(program);
            program.Dispose();
            throw new OpenClException(status, "clBuildProgram", $"device '{Device.Name}', build log:{Environment.NewLine}{log}");
        }

        return program;
    }

    public static ClKernelHandle CreateKernel(ClProgramHandle program, string name)
    {
        int status;
        var kernel = new ClKernelHandle(OpenClNative.clCreateKernel(program, name, &status));
        OpenClException.ThrowIfFailed(status, "clCreateKernel", $"kernel '{name}'");
        return kernel;
    }

    /// <summary>The largest work-group this kernel can run with on the device (may be below the device maximum).</summary>
    public long KernelWorkGroupSize(ClKernelHandle kernel)
    {
        nuint size;
        OpenClException.ThrowIfFailed(
            OpenClNative.clGetKernelWorkGroupInfo(kernel, Device.DeviceId, OpenClConstants.KernelWorkGroupSize, (nuint)sizeof(nuint), &size, null),
            "clGetKernelWorkGroupInfo");
        return (long)size;
    }

    /// <summary>Allocates a read-write device buffer of <paramref name="bytes"/> bytes (at least 1, as OpenCL forbids empty buffers).</summary>
    public OpenClBuffer CreateBuffer(long bytes, string purpose)
    {
        long size = Math.Max(1, bytes);
        int status;
        var handle = new ClMemHandle(OpenClNative.clCreateBuffer(_context, OpenClConstants.MemReadWrite, (nuint)size, null, &status));
        OpenClException.ThrowIfFailed(status, "clCreateBuffer",
            $"{purpose}: {size} bytes requested on '{Device.Name}' (largest allocation {Device.MaxAllocationBytes} bytes, global memory {Device.GlobalMemoryBytes} bytes).");
        return new OpenClBuffer(handle, size);
    }

    /// <summary>Allocates a buffer holding a copy of <paramref name="data"/>.</summary>
    public OpenClBuffer Upload<T>(ReadOnlySpan<T> data, string purpose)
        where T : unmanaged
    {
        OpenClBuffer buffer = CreateBuffer((long)data.Length * sizeof(T), purpose);
        try
        {
            Write(buffer, data);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Blocking copy host to device, from the start of the buffer.</summary>
    public void Write<T>(OpenClBuffer buffer, ReadOnlySpan<T> data)
        where T : unmanaged
    {
        if (data.IsEmpty)
        {
            return;
        }

        fixed (T* source = data)
        {
            OpenClException.ThrowIfFailed(
                OpenClNative.clEnqueueWriteBuffer(_queue, buffer.Handle, OpenClConstants.True, 0, (nuint)((long)data.Length * sizeof(T)), source, 0, null, null),
                "clEnqueueWriteBuffer");
        }
    }

    /// <summary>Copies device to host, waiting on the read's event (the queue is in order, so every earlier launch has finished too).</summary>
    public void Read<T>(OpenClBuffer buffer, Span<T> destination)
        where T : unmanaged
    {
        if (destination.IsEmpty)
        {
            return;
        }

        fixed (T* target = destination)
        {
            nint done;
            OpenClException.ThrowIfFailed(
                OpenClNative.clEnqueueReadBuffer(_queue, buffer.Handle, 0, 0, (nuint)((long)destination.Length * sizeof(T)), target, 0, null, &done),
                "clEnqueueReadBuffer");
            using var completion = new ClEventHandle(done);
            OpenClException.ThrowIfFailed(OpenClNative.clWaitForEvents(1, &done), "clWaitForEvents", "reading a buffer back");
        }
    }

    public static void SetArgument(ClKernelHandle kernel, uint index, OpenClBuffer buffer)
    {
        bool added = false;
        try
        {
            buffer.Handle.DangerousAddRef(ref added);
            nint memory = buffer.Handle.DangerousGetHandle();
            OpenClException.ThrowIfFailed(OpenClNative.clSetKernelArg(kernel, index, (nuint)sizeof(nint), &memory), "clSetKernelArg", $"argument {index}");
        }
        finally
        {
            if (added)
            {
                buffer.Handle.DangerousRelease();
            }
        }
    }

    public static void SetArgument<T>(ClKernelHandle kernel, uint index, T value)
        where T : unmanaged =>
        OpenClException.ThrowIfFailed(OpenClNative.clSetKernelArg(kernel, index, (nuint)sizeof(T), &value), "clSetKernelArg", $"argument {index}");

    /// <summary>Sizes a __local pointer argument.</summary>
    public static void SetLocalArgument(ClKernelHandle kernel, uint index, long bytes) =>
        OpenClException.ThrowIfFailed(OpenClNative.clSetKernelArg(kernel, index, (nuint)bytes, null), "clSetKernelArg", $"local argument {index}");

    /// <summary>Enqueues an NDRange launch; <paramref name="local"/> empty lets the driver choose the work-group size.</summary>
    public void Launch(ClKernelHandle kernel, string name, ReadOnlySpan<nuint> global, ReadOnlySpan<nuint> local)
    {
        fixed (nuint* g = global)
        fixed (nuint* l = local)
        {
            OpenClException.ThrowIfFailed(
                OpenClNative.clEnqueueNDRangeKernel(_queue, kernel, (uint)global.Length, null, g, local.IsEmpty ? null : l, 0, null, null),
                "clEnqueueNDRangeKernel", $"kernel '{name}'");
        }
    }

    /// <summary>Blocks until every queued command has finished; surfaces asynchronous kernel failures.</summary>
    public void Finish() => OpenClException.ThrowIfFailed(OpenClNative.clFinish(_queue), "clFinish");

    public void Dispose()
    {
        _queue.Dispose();
        _context.Dispose();
    }

    private string BuildLog(ClProgramHandle program)
    {
        nuint size;
        if (OpenClNative.clGetProgramBuildInfo(program, Device.DeviceId, OpenClConstants.ProgramBuildLog, 0, null, &size) != 0 || size == 0)
        {
            return "(the driver returned no build log)";
        }

        var bytes = new byte[(int)size];
        fixed (byte* b = bytes)
        {
            if (OpenClNative.clGetProgramBuildInfo(program, Device.DeviceId, OpenClConstants.ProgramBuildLog, size, b, null) != 0)
            {
                return "(the driver returned no build log)";
            }
        }

        string log = OpenClDevices.TrimmedUtf8(bytes);
        return log.Length == 0 ? "(empty build log)" : log;
    }
}
