# The kernel's own TCP states beside the inferred ones (`wirelab lab --kernel-states`).

## The head of the text view's column.
kernel-column = kernel

## An endpoint the kernel had no socket for (RFC 9293's CLOSED: no TCB).
kernel-no-socket = no socket

## Under a packet, one line per endpoint whose kernel state is not the inferred one.
kernel-differs = kernel: { $side } { $kernel } ({ $linux }), inferred { $inferred }: { $why }

## After a call: its socket's state in the kernel, and where it differs, why.
kernel-call = kernel: { $state }
kernel-call-differs = kernel: { $state }, inferred { $inferred }: { $why }

## Why they differ, one kind each (docs/annotations.md, "Inferred vs kernel").
kernel-why-agree = the same
kernel-why-between-packets = the kernel changed state between two packets; the packets show this state at another moment
kernel-why-not-on-wire = the responder's state before its answer is not on the wire
kernel-why-far-end = the capture is at the other end of the path: this end's packets are seen when they arrive there, and never if the path drops them
kernel-why-unexplained = not explained: the inference and the kernel disagree
