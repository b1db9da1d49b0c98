using System.Runtime.InteropServices;

namespace Recommender.Core.Als.OpenCl.Native;

/// <summary>
/// The slice of the OpenCL 1.2 host API the ALS backend needs, bound through source-generated P/Invoke
/// (no runtime marshalling stubs, no reflection). Every function returns a cl_int status or fills errcode.
/// </summary>
internal static unsafe partial class OpenClNative
{
    /// <summary>The ICD loader's soname; the loader dispatches to the vendor drivers listed in /etc/OpenCL/vendors.</summary>
    public const string Library = "libOpenCL.so.1";

    [LibraryImport(Library)]
    public static partial int clGetPlatformIDs(uint numEntries, nint* platforms, uint* numPlatforms);

    [LibraryImport(Library)]
    public static partial int clGetPlatformInfo(nint platform, uint paramName, nuint valueSize, void* value, nuint* valueSizeRet);

    [LibraryImport(Library)]
    public static partial int clGetDeviceIDs(nint platform, ulong deviceType, uint numEntries, nint* devices, uint* numDevices);

    [LibraryImport(Library)]
    public static partial int clGetDeviceInfo(nint device, uint paramName, nuint valueSize, void* value, nuint* valueSizeRet);

    [LibraryImport(Library)]
    public static partial nint clCreateContext(nint* properties, uint numDevices, nint* devices, nint notify, nint userData, int* errcode);

    [LibraryImport(Library)]
    public static partial nint clCreateCommandQueue(ClContextHandle context, nint device, ulong properties, int* errcode);

    [LibraryImport(Library)]
    public static partial nint clCreateProgramWithSource(ClContextHandle context, uint count, byte** strings, nuint* lengths, int* errcode);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int clBuildProgram(ClProgramHandle program, uint numDevices, nint* devices, string options, nint notify, nint userData);

    [LibraryImport(Library)]
    public static partial int clGetProgramBuildInfo(ClProgramHandle program, nint device, uint paramName, nuint valueSize, void* value, nuint* valueSizeRet);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint clCreateKernel(ClProgramHandle program, string kernelName, int* errcode);

    [LibraryImport(Library)]
    public static partial int clGetKernelWorkGroupInfo(ClKernelHandle kernel, nint device, uint paramName, nuint valueSize, void* value, nuint* valueSizeRet);

    [LibraryImport(Library)]
    public static partial nint clCreateBuffer(ClContextHandle context, ulong flags, nuint size, void* hostPtr, int* errcode);

    [LibraryImport(Library)]
    public static partial int clEnqueueWriteBuffer(ClCommandQueueHandle queue, ClMemHandle buffer, uint blocking, nuint offset, nuint size, void* source, uint numEvents, nint* waitList, nint* evt);

    [LibraryImport(Library)]
    public static partial int clEnqueueReadBuffer(ClCommandQueueHandle queue, ClMemHandle buffer, uint blocking, nuint offset, nuint size, void* destination, uint numEvents, nint* waitList, nint* evt);

    [LibraryImport(Library)]
    public static partial int clSetKernelArg(ClKernelHandle kernel, uint index, nuint size, void* value);

    [LibraryImport(Library)]
    public static partial int clEnqueueNDRangeKernel(ClCommandQueueHandle queue, ClKernelHandle kernel, uint workDim, nuint* globalOffset, nuint* globalSize, nuint* localSize, uint numEvents, nint* waitList, nint* evt);

    [LibraryImport(Library)]
    public static partial int clFinish(ClCommandQueueHandle queue);

    [LibraryImport(Library)]
    public static partial int clWaitForEvents(uint numEvents, nint* events);

    [LibraryImport(Library)]
    public static partial int clReleaseContext(nint context);

    [LibraryImport(Library)]
    public static partial int clReleaseCommandQueue(nint queue);

    [LibraryImport(Library)]
    public static partial int clReleaseProgram(nint program);

    [LibraryImport(Library)]
    public static partial int clReleaseKernel(nint kernel);

    [LibraryImport(Library)]
    public static partial int clReleaseMemObject(nint memory);

    [LibraryImport(Library)]
    public static partial int clReleaseEvent(nint evt);
}
