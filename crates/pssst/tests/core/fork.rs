//! A child process never repeats its parent's random bytes, even when the parent's buffer is
//! warm at the moment of `fork`.

const CHILDREN: usize = 6;
const OUTPUT: usize = 32;

/// Forks one child that writes its next 32 random bytes to a pipe and exits; returns them.
#[allow(unsafe_code)]
fn bytes_from_a_child() -> [u8; OUTPUT] {
    let mut fds = [0i32; 2];
    // SAFETY: `pipe` writes two file descriptors into the two-element array it is given.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let [read_end, write_end] = fds;

    // SAFETY: the test harness may run other threads, so the child only calls what is safe
    // after `fork` in a multithreaded process: pssst's generator (already initialised in this
    // thread; it reseeds with the getrandom system call and allocates nothing), `write` and
    // `_exit`. It never returns into the harness.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        let mut bytes = [0u8; OUTPUT];
        let status = match pssst::fill_bytes(&mut bytes) {
            // SAFETY: writes OUTPUT bytes from a live array to an open pipe.
            Ok(()) => unsafe { libc::write(write_end, bytes.as_ptr().cast(), OUTPUT) as i32 },
            Err(_) => -1,
        };
        // SAFETY: ends the child at once, without running the parent's exit handlers.
        unsafe { libc::_exit(if status == OUTPUT as i32 { 0 } else { 1 }) };
    }

    let mut bytes = [0u8; OUTPUT];
    // SAFETY: closes our copy of the write end, then reads into a live array of OUTPUT bytes
    // and reaps the child whose id `fork` returned.
    unsafe {
        libc::close(write_end);
        let read = libc::read(read_end, bytes.as_mut_ptr().cast(), OUTPUT);
        libc::close(read_end);
        let mut status = 0;
        assert_eq!(libc::waitpid(pid, &mut status, 0), pid);
        assert!(
            libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
            "child failed"
        );
        assert_eq!(read, OUTPUT as isize, "short read from child");
    }
    bytes
}

#[test]
fn children_and_parent_draw_pairwise_distinct_bytes_after_fork() {
    // Warm the parent's buffer: what is left of it is what a careless child would replay.
    let mut warm = [0u8; 100];
    pssst::fill_bytes(&mut warm).unwrap();

    let mut outputs: Vec<[u8; OUTPUT]> = (0..CHILDREN).map(|_| bytes_from_a_child()).collect();
    let mut parent = [0u8; OUTPUT];
    pssst::fill_bytes(&mut parent).unwrap();
    outputs.push(parent);

    for (i, a) in outputs.iter().enumerate() {
        for b in &outputs[i + 1..] {
            assert_ne!(a, b, "two processes produced the same bytes");
        }
    }
}
