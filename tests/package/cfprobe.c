// SPDX-License-Identifier: MIT
/* Built with the project's flags: does this toolchain mark a program
 * with control-flow protection at all? (check_hardening.sh) */
int main(void)
{
	return 0;
}
