package dev.latencylens.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public, parameterless method of a benchmark class that runs once per benchmark of that class, before
 * its cold probe: load a prompt data set, open a file. It runs on the benchmark's instance (or statically), is
 * never timed, and an exception it throws fails that benchmark without sending a request.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Setup {
}
